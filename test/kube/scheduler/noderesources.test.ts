import './noderesources/nodeinfo.tests.ts';
import './noderesources/fit.tests.ts';
import './noderesources/scoring.tests.ts';
import './noderesources/imagelocality.tests.ts';
import './noderesources/properties.tests.ts';

import './noderesources/nodeinfo.tests.ts';
import './noderesources/fit.tests.ts';
import './noderesources/scoring.tests.ts';

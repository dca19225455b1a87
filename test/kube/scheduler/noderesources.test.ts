import './noderesources/nodeinfo.tests.ts';
import './noderesources/fit.tests.ts';

import './spread/spread-filter.tests.ts';

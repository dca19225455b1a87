// The volume matching and the VolumeBinding and VolumeZone plugins' tests in one ava worker.

import './volumes/matching.tests.ts';
import './volumes/volumebinding.tests.ts';
import './volumes/volumezone.tests.ts';
import './volumes/volumebinding-property.tests.ts';

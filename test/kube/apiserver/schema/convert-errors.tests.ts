import test from 'ava';
import { conversionError } from '../../../../actors/kube-apiserver/schema/convert-errors.ts';

const podRef = { group: '', version: 'v1', kind: 'Pod' };
const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }], ...spec } });

// runtime.DefaultUnstructuredConverter: reflect's conversions between the JSON groups refused.
test('conversion errors as the unstructured converter words them', (t) => {
  const cases: [Record<string, unknown>, string | undefined][] = [
    [{}, undefined],
    [{ priority: 5, activeDeadlineSeconds: 10 }, undefined],
    [{ priority: 5.0 }, undefined],
    [{ priority: 5.5 }, 'cannot convert float64 to int32'],
    [{ priority: '5' }, 'unrecognized type: int32'],
    [{ restartPolicy: 1 }, 'cannot convert int64 to v1.RestartPolicy'],
    [{ restartPolicy: 1.5 }, 'unrecognized type: string'],
    [{ hostNetwork: 'yes' }, 'unrecognized type: bool'],
    [{ nodeName: true }, 'unrecognized type: string'],
    [{ securityContext: 'x' }, 'cannot restore struct from: string'],
    [{ securityContext: [] }, 'cannot restore struct from: slice'],
    [{ containers: 'x' }, 'cannot restore slice from string'],
    [{ nodeSelector: [] }, 'cannot restore map from slice'],
    [{ containers: [{ name: 'c', resources: { limits: { cpu: 'much' } } }] }, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    [{ containers: [{ name: 'c', livenessProbe: { httpGet: { port: true } } }] }, 'json: cannot unmarshal bool into Go value of type int32'],
    [{ containers: [{ name: 'c', livenessProbe: { httpGet: { port: 'http' } } }] }, undefined],
  ];
  for (const [spec, want] of cases) t.is(conversionError(podRef, pod(spec)), want, JSON.stringify(spec));
});

test('a Secret\'s data converts from base64 text through JSON', (t) => {
  const secretRef = { group: '', version: 'v1', kind: 'Secret' };
  t.is(conversionError(secretRef, { data: { a: 'YWRtaW4=', b: '' } }), undefined);
  t.is(conversionError(secretRef, { data: { a: 'admin!' } }), 'error decoding from json: illegal base64 data at input byte 5');
  t.is(conversionError(secretRef, { data: { a: 5 } }), 'cannot restore slice from int64');
});

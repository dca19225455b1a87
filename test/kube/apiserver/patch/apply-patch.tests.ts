import test from 'ava';
import { applyPatch } from '../../../../actors/kube-apiserver/patch/index.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';

const deploymentKind = { group: 'apps', version: 'v1', kind: 'Deployment' };

// kubernetes.io, "Update API Objects in Place Using kubectl patch": deployment-patch.yaml.
const patchDemo = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'patch-demo' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'patch-demo-ctr', image: 'nginx' }], tolerations: [{ effect: 'NoSchedule', key: 'dedicated', value: 'test-team' }] },
    },
  },
});

const podSpec = (o: KubeObject) => (o.spec as any).template.spec;

const ok = (r: ReturnType<typeof applyPatch>) => {
  if (!r.ok) throw new Error(r.status.message);
  return r;
};

test('docs: a strategic merge patch adds a container, keeping the existing one (patch-file.yaml)', (t) => {
  const r = ok(applyPatch('strategic', patchDemo(), JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } } } }), deploymentKind));
  t.deepEqual(podSpec(r.object).containers, [
    { name: 'patch-demo-ctr-2', image: 'redis' },
    { name: 'patch-demo-ctr', image: 'nginx' },
  ]);
  t.deepEqual(r.warnings, []);
});

test('docs: tolerations have no patch strategy, so a strategic merge patch replaces them (patch-file-tolerations.yaml)', (t) => {
  const r = ok(applyPatch('strategic', patchDemo(), JSON.stringify({ spec: { template: { spec: { tolerations: [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }] } } } }), deploymentKind));
  t.deepEqual(podSpec(r.object).tolerations, [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }]);
});

test('docs: a JSON merge patch replaces the containers list (patch-file-2.yaml)', (t) => {
  const r = ok(applyPatch('merge', patchDemo(), JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr-3', image: 'gcr.io/google-samples/hello-app:2.0' }] } } } }), deploymentKind));
  t.deepEqual(podSpec(r.object).containers, [{ name: 'patch-demo-ctr-3', image: 'gcr.io/google-samples/hello-app:2.0' }]);
});

test('a JSON patch replaces the image of the first container', (t) => {
  const r = ok(applyPatch('json', patchDemo(), '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.27"}]', deploymentKind));
  t.is(podSpec(r.object).containers[0].image, 'nginx:1.27');
});

test('a JSON patch that does not apply: 422 Invalid with the fixed message and empty details', (t) => {
  const r = applyPatch('json', patchDemo(), '[{"op":"test","path":"/spec/replicas","value":3}]', deploymentKind);
  t.false(r.ok);
  if (r.ok) return;
  t.deepEqual(r.status, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid',
    details: {},
    code: 422,
  });
});

test('JSON patch bodies that do not decode: 400, worded by the strict or the plain decoder', (t) => {
  const warn = applyPatch('json', patchDemo(), '{"op":"add"}', deploymentKind);
  t.is(!warn.ok && warn.status.message, 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
  t.is(!warn.ok && warn.status.code, 400);
  const ignore = applyPatch('json', patchDemo(), '{"op":"add"}', deploymentKind, { fieldValidation: 'Ignore' });
  t.is(!ignore.ok && ignore.status.message, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const syntax = applyPatch('json', patchDemo(), '[{"op":', deploymentKind);
  t.is(!syntax.ok && syntax.status.message, 'error decoding patch: unexpected end of JSON input');
});

test('a JSON patch of more than 10000 operations: 413', (t) => {
  const ops = JSON.stringify(Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'Deployment' })));
  const r = applyPatch('json', patchDemo(), ops, deploymentKind);
  t.is(!r.ok && r.status.code, 413);
  t.is(!r.ok && r.status.message, 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001');
});

test('merge patch bodies that are not objects: 400', (t) => {
  const list = applyPatch('merge', patchDemo(), '[1]', deploymentKind);
  t.is(!list.ok && list.status.message, 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}');
  const nul = applyPatch('merge', patchDemo(), 'null', deploymentKind);
  t.is(!nul.ok && nul.status.message, 'Invalid JSON Patch');
});

test('strategic merge patch on a kind without built-in patch metadata: 415', (t) => {
  const cr = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
  const r = applyPatch('strategic', cr, '{"spec":{}}', { group: 'example.com', version: 'v1', kind: 'Widget' });
  t.is(!r.ok && r.status.code, 415);
  t.is(
    !r.ok && r.status.message,
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
  );
});

test('strategic merge patch errors: format errors 400, plain errors 500 without a reason', (t) => {
  const withStrategy = patchDemo();
  (withStrategy.spec as any).strategy = { type: 'RollingUpdate' };
  const retain = applyPatch('strategic', withStrategy, '{"spec":{"strategy":{"$retainKeys":"type"}}}', deploymentKind);
  t.deepEqual(!retain.ok && [retain.status.code, retain.status.reason, retain.status.message], [400, 'BadRequest', 'invalid patch format of retainKeys']);
  const noKey = applyPatch('strategic', patchDemo(), '{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}', deploymentKind);
  t.is(!noKey.ok && noKey.status.code, 500);
  t.false(!noKey.ok && 'reason' in noKey.status);
  t.is(!noKey.ok && noKey.status.message, 'map: map[image:x] does not contain declared merge key: name');
});

test('unknown fields under Strict: 422 naming the patch, as the apiserver words it for each patch type', (t) => {
  const smp = applyPatch('strategic', patchDemo(), '{"spec":{"replica":3}}', deploymentKind, { fieldValidation: 'Strict' });
  t.is(!smp.ok && smp.status.message, ' "" is invalid: patch: Invalid value: "map[spec:map[replica:3]]": strict decoding error: unknown field "spec.replica"');
  t.is(!smp.ok && smp.status.code, 422);
  const merge = applyPatch('merge', patchDemo(), '{"spec":{"replica":3}}', deploymentKind, { fieldValidation: 'Strict' });
  t.regex((!merge.ok && merge.status.message) || '', /^ "" is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"apps\/v1\\".*": strict decoding error: unknown field "spec.replica"$/);
  const json = applyPatch('json', patchDemo(), '[{"op":"add","path":"/spec/replica","value":3,"valu":1}]', deploymentKind, { fieldValidation: 'Strict' });
  t.regex((!json.ok && json.status.message) || '', /strict decoding error: json patch unknown field "\[0\]\.valu", unknown field "spec.replica"$/);
});

test('unknown fields under Warn (the default) are warnings and dropped; under Ignore only dropped', (t) => {
  const warn = ok(applyPatch('merge', patchDemo(), '{"spec":{"replica":3,"replicas":4}}', deploymentKind));
  t.deepEqual(warn.warnings, ['unknown field "spec.replica"']);
  t.false('replica' in (warn.object.spec as object));
  t.is((warn.object.spec as any).replicas, 4);
  const ignore = ok(applyPatch('strategic', patchDemo(), '{"spec":{"replica":3}}', deploymentKind, { fieldValidation: 'Ignore' }));
  t.deepEqual(ignore.warnings, []);
  t.deepEqual(ignore.object, patchDemo());
});

test('directives under a field the object lacks are not applied: they stay, and are unknown fields', (t) => {
  const r = ok(applyPatch('strategic', patchDemo(), '{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}', deploymentKind));
  t.deepEqual(r.warnings, ['unknown field "spec.strategy.$retainKeys"']);
  t.deepEqual((r.object.spec as any).strategy, { type: 'Recreate' });
});

test('a JSON patch adding null leaves no null member behind', (t) => {
  const r = ok(applyPatch('json', patchDemo(), '[{"op":"add","path":"/spec/paused","value":null}]', deploymentKind));
  t.false('paused' in (r.object.spec as object));
});

test('a strict strategic merge patch error shows the patch as merging left it (directives consumed)', (t) => {
  const r = applyPatch(
    'strategic',
    patchDemo(),
    '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"patch-demo-ctr"}],"containers":[{"name":"patch-demo-ctr","imagee":"x"}]}}}}',
    deploymentKind,
    { fieldValidation: 'Strict' },
  );
  t.is(
    !r.ok && r.status.message,
    ' "" is invalid: patch: Invalid value: "map[spec:map[template:map[spec:map[]]]]": strict decoding error: unknown field "spec.template.spec.containers[0].imagee"',
  );
});

test('a patch that leaves a list instead of an object: 422, as the serializer fails to find its kind', (t) => {
  const r = applyPatch('json', patchDemo(), '[{"op":"replace","path":"","value":[1]}]', deploymentKind);
  t.is(
    !r.ok && r.status.message,
    ' "" is invalid: patch: Invalid value: "[1]": couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
  );
  const merge = applyPatch('merge', patchDemo(), '[1]', deploymentKind, { fieldValidation: 'Ignore' });
  t.is(!merge.ok && merge.status.code, 422);
});

test('a patch giving a field the wrong type: 422 naming the patch, in each decoder\'s words', (t) => {
  const json = applyPatch('json', patchDemo(), '[{"op":"replace","path":"/spec/replicas","value":"3"}]', deploymentKind, { fieldValidation: 'Ignore' });
  t.regex((!json.ok && json.status.message) || '', /^ "" is invalid: patch: Invalid value: ".*": json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32$/);
  const smp = applyPatch('strategic', patchDemo(), '{"spec":{"replicas":"3"}}', deploymentKind);
  t.is(!smp.ok && smp.status.message, ' "" is invalid: patch: Invalid value: "map[spec:map[replicas:3]]": unrecognized type: int32');
  const smpStruct = applyPatch('strategic', patchDemo(), '{"spec":{"template":"x"}}', deploymentKind);
  t.is(!smpStruct.ok && smpStruct.status.message, ' "" is invalid: patch: Invalid value: "map[spec:map[template:x]]": cannot restore struct from: string');
  const smpFloat = applyPatch('strategic', patchDemo(), '{"spec":{"replicas":1.5}}', deploymentKind);
  t.is(!smpFloat.ok && smpFloat.status.message, ' "" is invalid: patch: Invalid value: "map[spec:map[replicas:1.5]]": cannot convert float64 to int32');
});

test('a strategic merge patch\'s unknown fields are reported sorted, as the converter sorts them', (t) => {
  const r = applyPatch('strategic', patchDemo(), '{"spec":{"zeta":1,"alpha":2}}', deploymentKind);
  t.deepEqual(r.ok && r.warnings, ['unknown field "spec.alpha"', 'unknown field "spec.zeta"']);
  const merge = applyPatch('merge', patchDemo(), '{"spec":{"zeta":1,"alpha":2}}', deploymentKind);
  t.deepEqual(merge.ok && merge.warnings, ['unknown field "spec.zeta"', 'unknown field "spec.alpha"']);
});

test('docs: a merge patch through the scale subresource sets the replica count (autoscaling/v1 Scale)', (t) => {
  const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'nginx-deployment', namespace: 'default' }, spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=nginx' } };
  const r = ok(applyPatch('merge', scale, '{"spec":{"replicas":3}}', { group: 'autoscaling', version: 'v1', kind: 'Scale' }));
  t.deepEqual(r.object.spec, { replicas: 3 });
  const bad = applyPatch('merge', scale, '{"spec":{"replicas":"3"}}', { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  t.regex((!bad.ok && bad.status.message) || '', /json: cannot unmarshal string into Go struct field ScaleSpec.spec.replicas of type int32$/);
});

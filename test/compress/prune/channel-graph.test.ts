/** Channel dependency analysis: which channels must be pruned together. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchNorm2d, Concat, Conv2d, dscnn, Flatten, GlobalAvgPool, Identity, Linear, resnet8, Residual, Sequential } from '../../../src/nn/index.js';
import { analyzeChannels } from '../../../src/compress/prune/index.js';

test('resnet8: the stem and stack 1 form one channel group, projection shortcuts join their stack, input and logits stay', () => {
  const graph = analyzeChannels(resnet8({ inputSize: 16 }), [3, 16, 16]);
  const byLayers = (g: (typeof graph.groups)[number]) => g.members.map((m) => m.layer.path).sort().join(' ');
  const groups = graph.groups.map((g) => [byLayers(g), g.size, g.prunable] as const);
  assert.deepEqual(groups.find(([l]) => l.includes('stem.conv')), ['stack1.main.bn2 stack1.main.conv2 stem.bn stem.conv', 16, true]);
  assert.deepEqual(groups.find(([l]) => l.includes('stack2.shortcut')), ['stack2.main.bn2 stack2.main.conv2 stack2.shortcut', 32, true]);
  assert.deepEqual(groups.find(([l]) => l.includes('stack3.main.conv1')), ['stack3.main.bn1 stack3.main.conv1', 64, true]);
  assert.deepEqual(groups.find(([l]) => l === 'fc'), ['fc', 10, false]);
  assert.deepEqual(groups.find(([l]) => l === ''), ['', 3, false], 'the input channels');
  assert.equal(graph.groups.length, 8);
});

test('dscnn: each depthwise convolution joins the group of the channels it reads', () => {
  const graph = analyzeChannels(dscnn({ inputFrames: 10, inputCoefficients: 8, filters: 8, blocks: 2 }), [1, 10, 8]);
  const stem = graph.groups.find((g) => g.members.some((m) => m.layer.path === 'stem.conv'))!;
  assert.deepEqual(stem.members.map((m) => `${m.layer.path}:${m.layer.role}`), ['stem.conv:conv', 'stem.bn:batchnorm', 'block1.dw:depthwise', 'block1.dwBn:batchnorm']);
});

test('a residual over a concatenation cuts the tied space at the branch boundary', () => {
  const model = new Sequential({
    cat: new Concat({ a: new Conv2d(2, 4, 1), b: new Conv2d(2, 6, 1) }),
    block: new Residual(new Sequential({ conv: new Conv2d(10, 10, 3, { padding: 'same' }), bn: new BatchNorm2d(10) })),
    head: new Conv2d(10, 3, 1),
    pool: new GlobalAvgPool(),
  });
  const graph = analyzeChannels(model, [2, 5, 5]);
  const membersOf = (path: string) => graph.groups.filter((g) => g.members.some((m) => m.layer.path === path));
  const [first, second] = membersOf('block.main.conv');
  assert.deepEqual(first!.members.map((m) => `${m.layer.path}@${m.offset}`), ['cat.a@0', 'block.main.conv@0', 'block.main.bn@0']);
  assert.deepEqual(second!.members.map((m) => `${m.layer.path}@${m.offset}`), ['cat.b@0', 'block.main.conv@4', 'block.main.bn@4']);
  assert.deepEqual([first!.size, second!.size], [4, 6]);
  const head = graph.layers.find((l) => l.path === 'head')!;
  assert.deepEqual(head.input.segments.map((s) => s.size), [4, 6]);
});

test('Flatten over a map makes each channel S features; Flatten from axis 2 keeps channels', () => {
  const model = new Sequential({ conv: new Conv2d(1, 3, 1), flat: new Flatten(), fc: new Linear(3 * 4 * 5, 2) });
  const fc = analyzeChannels(model, [1, 4, 5]).layers.find((l) => l.path === 'fc')!;
  assert.equal(fc.input.repeat, 20);
  const spatial = new Sequential({ conv: new Conv2d(1, 3, 1), flat: new Flatten(2), bn: new Identity(), pool: new GlobalAvgPool(), fc: new Linear(3, 2) });
  assert.equal(analyzeChannels(spatial, [1, 4, 5]).layers.find((l) => l.path === 'fc')!.input.repeat, 1);
});

test('channels reaching the model input through an identity shortcut are not prunable', () => {
  const model = new Residual(new Sequential({ conv: new Conv2d(3, 3, 3, { padding: 'same' }), bn: new BatchNorm2d(3) }));
  const graph = analyzeChannels(model, [3, 6, 6]);
  assert.deepEqual(graph.groups.map((g) => [g.size, g.prunable]), [[3, false]]);
});

test('a cut reaches every space tied to the one cut, and the model output stays fixed through it', () => {
  const model = new Sequential({
    stem: new Conv2d(2, 10, 1),
    block1: new Residual(new Sequential({ conv: new Conv2d(10, 10, 3, { padding: 'same' }) })),
    block2: new Residual(new Concat({ a: new Conv2d(10, 4, 1), b: new Conv2d(10, 6, 1) })),
    pool: new GlobalAvgPool(),
  });
  const groups = analyzeChannels(model, [2, 5, 5]).groups.filter((g) => g.members.length > 0);
  assert.deepEqual(
    groups.map((g) => [g.size, g.prunable, g.members.map((m) => `${m.layer.path}@${m.offset}`).join(' ')]),
    [
      [4, false, 'stem@0 block1.main.conv@0 block2.main.a@0'],
      [6, false, 'stem@4 block1.main.conv@4 block2.main.b@0'],
    ],
  );
});

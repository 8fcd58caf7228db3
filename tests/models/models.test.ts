import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel, countParams, listArchitectures, type Architecture } from '../../src-main/core/models/index';
import { forwardMacs } from '../../src-main/core/models/macs';
import { selectBackend } from '../../src-main/core/training/backend';
import { trainModel } from '../../src-main/core/training/train';
import { syntheticWindows } from '../training/fixtures';

/*
 * torchvision 0.x parameter counts for 3 input channels and a 2-class head, derived from the published 1000-class
 * figures as  total_1000 - (F*1000 + 1000) + (F*2 + 2)  with F the head's input features, e.g. for ResNet-50
 * 25,557,032 - 2,049,000 + 4,098. Reproduce with torchvision installed:
 *   python3 -c "import torchvision as tv; m=tv.models.resnet50(num_classes=2); print(sum(p.numel() for p in m.parameters()))"
 * (googlenet: tv.models.googlenet(num_classes=2, aux_logits=False, init_weights=True)).
 */
const TORCHVISION_2CLASS: Record<Exclude<Architecture, 'smallcnn'>, number> = {
  resnet50: 23_512_130,
  resnet18: 11_177_538,
  mobilenetv2: 2_226_434,
  shufflenetv2: 1_255_654,
  googlenet: 5_601_954,
};

describe('model zoo', () => {
  it('lists every architecture with a description', () => {
    const archs = listArchitectures().map((a) => a.arch).sort();
    expect(archs).toEqual(['googlenet', 'mobilenetv2', 'resnet18', 'resnet50', 'shufflenetv2', 'smallcnn']);
    for (const a of listArchitectures()) expect(a.description.length).toBeGreaterThan(20);
  });

  for (const [arch, expected] of Object.entries(TORCHVISION_2CLASS)) {
    it(`${arch} has torchvision's parameter count`, async () => {
      await selectBackend('cpu');
      const m = buildModel(arch as Architecture, { inputSize: 64, channels: 3, seed: 1 });
      expect(countParams(m).trainable).toBe(expected);
      m.dispose();
    });
  }

  it('the planning estimate of MACs per pixel matches the built models within 2%', async () => {
    await selectBackend('cpu');
    for (const a of listArchitectures()) {
      const size = a.arch === 'smallcnn' ? 32 : 96;
      const m = buildModel(a.arch, { inputSize: size, channels: 3, seed: 1 });
      expect(Math.abs(a.macsPerPixel * size * size / forwardMacs(m) - 1), a.arch).toBeLessThan(0.02);
      m.dispose();
    }
  });

  it('takes any number of channels (16 elements: only the stem grows)', async () => {
    await selectBackend('cpu');
    const m = buildModel('resnet50', { inputSize: 64, channels: 16, seed: 1 });
    expect(countParams(m).trainable).toBe(23_512_130 + 7 * 7 * (16 - 3) * 64);
    expect(m.outputs[0].shape).toEqual([null, 2]);
    m.dispose();
  });

  it('the same seed gives the same initial weights, another seed different ones', async () => {
    await selectBackend('cpu');
    const w = (seed: number) => {
      const m = buildModel('smallcnn', { inputSize: 32, channels: 3, seed });
      const v = m.weights.map((x) => Array.from(x.read().dataSync()));
      m.dispose();
      return v.flat();
    };
    const a = w(5);
    expect(w(5)).toEqual(a);
    expect(w(6)).not.toEqual(a);
  });

  it('refuses an unknown architecture and a too-small input with a clear error', () => {
    expect(() => buildModel('vgg' as Architecture, { inputSize: 64, channels: 3, seed: 1 })).toThrow(/Unknown architecture 'vgg'/);
    expect(() => buildModel('resnet50', { inputSize: 8, channels: 3, seed: 1 })).toThrow(/at least 32/);
  });

  // One training step per architecture and backend, on 32-px inputs. The pure-JS cpu backend is thousands of
  // times slower than wasm for training, so it only takes the small networks.
  const perBackend: Record<string, Architecture[]> = {
    wasm: ['smallcnn', 'resnet18', 'resnet50', 'mobilenetv2', 'shufflenetv2', 'googlenet'],
    cpu: ['smallcnn', 'shufflenetv2'],
  };
  for (const [backend, archs] of Object.entries(perBackend)) {
    for (const arch of archs) {
      it(`${arch} trains one step on ${backend}`, async () => {
        const choice = await selectBackend(backend as 'wasm' | 'cpu');
        expect(choice.name).toBe(backend);
        const data = syntheticWindows(2, 32, 3);
        data.trainIdx = [0, 1];
        data.valIdx = [];
        const r = await trainModel(data, { arch, inputSize: 32, epochs: 1, batchSize: 2, lr: 0.01, seed: 3 }, { backendChoice: choice });
        expect(r.backend.name).toBe(backend);
        expect(Number.isFinite(r.history[0].loss)).toBe(true);
        // The step moved the weights away from their seeded initial values.
        const fresh = buildModel(arch, { inputSize: 32, channels: 3, seed: 3 });
        const k = fresh.trainableWeights.length - 2; // the head's kernel
        const before = fresh.trainableWeights[k].read().dataSync();
        const after = r.model.trainableWeights[k].read().dataSync();
        expect(tf.util.arraysEqual(before, after)).toBe(false);
        fresh.dispose();
        r.model.dispose();
      });
    }
  }
});

"""PyTorch CPU baseline for bench/train.ts: images/s of one SGD training step and of inference, batch B.

Plain torch (torchvision is not installed here): torchvision-equivalent ResNet-18 / ResNet-50 (v1.5), and smallcnn.
usage: /usr/bin/python3 bench/torch_train.py ARCH SIZE BATCH CHANNELS [STEPS]  -> one JSON line
"""
import json, sys, time
import torch
import torch.nn as nn

torch.set_num_threads(2)


class Basic(nn.Module):
    expansion = 1

    def __init__(self, cin, planes, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, planes, 3, stride, 1, bias=False); self.b1 = nn.BatchNorm2d(planes)
        self.c2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False); self.b2 = nn.BatchNorm2d(planes)
        self.down = None
        if stride != 1 or cin != planes:
            self.down = nn.Sequential(nn.Conv2d(cin, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        y = torch.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return torch.relu(y + (self.down(x) if self.down is not None else x))


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin, planes, stride):
        super().__init__()
        out = planes * 4
        self.c1 = nn.Conv2d(cin, planes, 1, bias=False); self.b1 = nn.BatchNorm2d(planes)
        self.c2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False); self.b2 = nn.BatchNorm2d(planes)
        self.c3 = nn.Conv2d(planes, out, 1, bias=False); self.b3 = nn.BatchNorm2d(out)
        self.down = None
        if stride != 1 or cin != out:
            self.down = nn.Sequential(nn.Conv2d(cin, out, 1, stride, bias=False), nn.BatchNorm2d(out))

    def forward(self, x):
        y = torch.relu(self.b1(self.c1(x)))
        y = torch.relu(self.b2(self.c2(y)))
        y = self.b3(self.c3(y))
        return torch.relu(y + (self.down(x) if self.down is not None else x))


def resnet(depth, channels, classes=2):
    block, blocks = (Bottleneck, [3, 4, 6, 3]) if depth == 50 else (Basic, [2, 2, 2, 2])
    layers = [nn.Conv2d(channels, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    cin = 64
    for stage, planes in enumerate([64, 128, 256, 512]):
        for i in range(blocks[stage]):
            layers.append(block(cin, planes, 2 if i == 0 and stage > 0 else 1))
            cin = planes * block.expansion
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes)]
    return nn.Sequential(*layers)


def small_cnn(channels, classes=2):
    """src-main/core/models/smallcnn.ts: three conv-BN-ReLU stages (32-64-128), two 2x2 max pools, GAP, linear."""
    def cbr(cin, cout):
        return [nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
    return nn.Sequential(*cbr(channels, 32), nn.MaxPool2d(2, 2), *cbr(32, 64), nn.MaxPool2d(2, 2), *cbr(64, 128),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, classes))


def main():
    arch, size, batch, channels = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    steps = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    torch.manual_seed(0)
    model = small_cnn(channels) if arch == 'smallcnn' else resnet(50 if arch == 'resnet50' else 18, channels)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(batch, channels, size, size)
    y = torch.randint(0, 2, (batch,))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

    model.train(); step()  # warm-up
    t = time.perf_counter()
    for _ in range(steps):
        step()
    train = steps * batch / (time.perf_counter() - t)
    model.eval()
    with torch.no_grad():
        model(x)
        t = time.perf_counter()
        for _ in range(steps):
            model(x)
        infer = steps * batch / (time.perf_counter() - t)
    print(json.dumps({'arch': arch, 'size': size, 'batch': batch, 'threads': torch.get_num_threads(),
                      'torch': torch.__version__, 'train_img_s': train, 'infer_img_s': infer}))


if __name__ == '__main__':
    main()

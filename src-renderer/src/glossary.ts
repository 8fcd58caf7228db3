// The glossary: one definition per technical term the step screens show, in English and Chinese, read by <Term> on
// hover and focus. One table rather than locale entries so a term cannot be defined in one language and not the other
// (tests/renderer/glossary.test.ts checks every entry has both).
import type { Locale } from './i18n';

export const GLOSSARY = {
  auc: {
    en: 'Area under the ROC curve: the chance that a deposit cell scores higher than a random other cell. 0.5 = no better than chance, 1 = perfect. A unitless share (0-1).',
    zh: 'ROC 曲线下面积：矿床所在格元得分高于任一其他格元的概率。0.5 为随机水平，1 为完美。无量纲（0-1）。',
  },
  se: {
    en: 'Standard error of the AUC: how much the AUC would vary with another set of deposits of the same size.',
    zh: 'AUC 的标准误：换一组同样数量的矿床时 AUC 的波动幅度。',
  },
  zauc: {
    en: 'ZAUC = (AUC - 0.5) / SE: how many standard errors the AUC lies above chance. Elements above the threshold (2.58 = 99%) are selected.',
    zh: 'ZAUC = (AUC − 0.5) / SE：AUC 高出随机水平多少个标准误。高于阈值（2.58 即 99%）的元素被选中。',
  },
  ci95: {
    en: '95% confidence interval of the AUC.',
    zh: 'AUC 的 95% 置信区间。',
  },
  depositsUsed: {
    en: 'How many deposits the figure rests on: deposits on surveyed cells, after merging those within one cell.',
    zh: '该数值所依据的矿床数：位于有数据格元上、并合并同一格元内矿床之后的数量。',
  },
  platt: {
    en: 'Platt scaling: a logistic curve fitted on held-out predictions that turns a model score into a probability.',
    zh: 'Platt 校准：在留出预测上拟合的逻辑曲线，把模型得分换算为概率。',
  },
  calibration: {
    en: 'Calibration: whether a predicted probability of p comes true about p of the time on held-out cells.',
    zh: '校准：预测概率为 p 的格元在留出数据中是否约有 p 的比例确为矿化。',
  },
  ece: {
    en: 'Expected calibration error: the average gap between predicted probability and observed frequency, over bins. 0 is perfect; same scale as a probability (0-1).',
    zh: '期望校准误差：各分箱中预测概率与实际频率之差的平均。0 为完美；与概率同尺度（0-1）。',
  },
  brier: {
    en: 'Brier score: mean squared difference between predicted probability and outcome (0 or 1). Lower is better; 0-1.',
    zh: 'Brier 分数：预测概率与实际结果（0 或 1）之差平方的均值。越低越好；0-1。',
  },
  foldBuffer: {
    en: 'Fold buffer: cells left out between a test fold and the training folds, so a training window cannot overlap the area it is tested on.',
    zh: '折间缓冲：测试折与训练折之间剔除的格元宽度，使训练窗口不与测试区域重叠。',
  },
  folds: {
    en: 'Blocked spatial folds: the area is cut into blocks; each model is tested on blocks it never trained on.',
    zh: '空间分块折：研究区被切分为若干块，每个模型只在未训练过的块上检验。',
  },
  heldOut: {
    en: 'Held-out: measured on cells the model did not train on (its test fold). Only held-out figures say how the map will do on new ground.',
    zh: '留出：在模型未参与训练的格元（测试折）上计算。只有留出指标能说明图件在新区的表现。',
  },
  idw: {
    en: 'Inverse distance weighting: each grid cell is the average of the nearby samples weighted by 1 / distance^power, within the search radius.',
    zh: '反距离加权插值：每个格元取搜索半径内邻近样品的加权平均，权重为 1 / 距离^幂。',
  },
  radius: {
    en: 'IDW search radius in metres: samples farther than this do not count; a cell with none within it stays empty.',
    zh: 'IDW 搜索半径（米）：超出该距离的样品不参与；半径内无样品的格元为空。',
  },
  power: {
    en: 'IDW power: how fast a sample\'s weight falls with distance (2 = inverse square).',
    zh: 'IDW 幂次：样品权重随距离衰减的快慢（2 即平方反比）。',
  },
  levelling: {
    en: 'Campaign levelling: each survey campaign\'s values are rescaled (z-score or quantile) so campaigns with different labs or methods join without steps. Levelled grids are no longer in ppm.',
    zh: '批次调平：按调查批次对数值重新标定（z 分数或分位数），使不同实验室或方法的批次无缝拼接。调平后的网格不再是 ppm。',
  },
  transform: {
    en: 'Transform applied before z-scoring: log10, or clr (centred log-ratio, for compositional data).',
    zh: 'z 标准化前的变换：log10，或 clr（中心化对数比，用于成分数据）。',
  },
  coverage: {
    en: 'Coverage: the share of an element\'s samples that are real measurements (not missing or below detection).',
    zh: '覆盖率：某元素样品中真实测定值（非缺失、非低于检出限）所占比例。',
  },
  censored: {
    en: 'Censored value: reported only as below (or above) a detection limit, e.g. "<0.1 ppm"; replaced by a substitute below the limit.',
    zh: '删失值：只报告为低于（或高于）检出限，如 "<0.1 ppm"；以低于检出限的替代值代入。',
  },
  detectionLimit: {
    en: 'Detection limit (DL): the lowest concentration the laboratory method reports; below it a value is censored ("<DL").',
    zh: '检出限（DL）：实验室方法可报告的最低含量；低于它的值为删失值（"<DL"）。',
  },
  criterion: {
    en: 'The test that selects an element: ZAUC against the normal approximation, against a shifted-deposits null, or a permutation test.',
    zh: '选择元素的检验：基于正态近似的 ZAUC、基于平移矿床零分布的检验，或置换检验。',
  },
  holm: {
    en: 'Holm correction: tightens the threshold for testing many elements at once, so chance passes are fewer.',
    zh: 'Holm 校正：同时检验多个元素时收紧阈值，减少偶然通过。',
  },
  window: {
    en: 'Window: the square of grid cells (all selected elements) around a point that the network sees as one image.',
    zh: '窗口：以某点为中心、包含所有选中元素的方形格元块，网络将其视为一幅图像。',
  },
  crop: {
    en: 'Crop: the part of a window fed to the network; random crops inside the window augment the training set.',
    zh: '裁剪：窗口中输入网络的部分；在窗口内随机裁剪以扩充训练样本。',
  },
  probability: {
    en: 'Probability (0-1) that a cell holds a deposit, after calibration. Small values (e.g. 0.015) are normal: deposits are rare.',
    zh: '格元含矿的概率（0-1，已校准）。数值小（如 0.015）属正常：矿床本就稀少。',
  },
  score: {
    en: 'Score: the delivered map\'s value (a model output, or a z-score when a single element\'s map is delivered). It ranks cells but is not a probability, because it could not be calibrated; its scale is the map\'s own.',
    zh: '得分：所交付图件的数值（模型输出，或交付单元素图时的 z 分数）。可用于排序，但未能校准，不是概率；其尺度取决于图件本身。',
  },
  uncertainty: {
    en: 'Uncertainty: the standard deviation, per cell, of the raw scores of the deployed model and the cross-validation fold models (0-0.5). It is on the model-score scale, not the probability scale, so it can exceed the probability.',
    zh: '不确定性：部署模型与各交叉验证折模型原始得分在该格元的标准差（0-0.5）。它处于模型得分尺度而非概率尺度，因此可能大于概率。',
  },
  areaKm2: {
    en: 'Area of the target in square kilometres.',
    zh: '靶区面积（平方千米）。',
  },
  greenfield: {
    en: 'Greenfield: a target area with no known deposit in or near it.',
    zh: '新区（绿地）：区内及附近无已知矿床的靶区。',
  },
  extension: {
    en: 'Extension: a target area next to a known deposit (its possible continuation).',
    zh: '外延：紧邻已知矿床的靶区（其可能的延伸）。',
  },
  known: {
    en: 'Known: a target area that contains a known deposit.',
    zh: '已知：包含已知矿床的靶区。',
  },
  drivers: {
    en: 'Drivers: the elements whose removal lowers the score most (drop in score shown).',
    zh: '主导元素：移除后得分下降最多的元素（显示下降值）。',
  },
  capture: {
    en: 'Capture at x%: the share of held-out deposits that fall in the best-scored x% of the area.',
    zh: 'x% 捕获率：落在得分最高 x% 面积内的留出矿床比例。',
  },
  clusterInterval: {
    en: 'Cluster interval: a confidence interval that treats deposits of one cluster as one observation, so clustered deposits do not overstate certainty.',
    zh: '聚类区间：把同一矿床群视为一个观测的置信区间，避免聚集的矿床夸大确定性。',
  },
  studentized: {
    en: 'Studentized contrast: the difference in mean score between deposit cells and the rest, divided by its standard error.',
    zh: '学生化对比度：矿床格元与其余格元平均得分之差除以其标准误。',
  },
  tile: {
    en: 'Tile: one of the paper\'s 12 x 12 squares, numbered 1-144 row by row; its score is the network\'s on the whole tile.',
    zh: '瓦片：论文的 12 × 12 方格之一，按行编号 1-144；其得分为网络对整块瓦片的输出。',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type GlossaryKey = keyof typeof GLOSSARY;
export const GLOSSARY_KEYS = Object.keys(GLOSSARY) as GlossaryKey[];

/** The settings whose labels are technical terms, by setting id (section.key). */
export const SETTING_TERMS: Record<string, GlossaryKey> = {
  'grid.radius': 'radius',
  'grid.power': 'power',
  'grid.transform': 'transform',
  'grid.minCoverage': 'coverage',
  'grid.levelling': 'levelling',
  'grid.elements': 'coverage',
  'select.threshold': 'zauc',
  'select.criterion': 'criterion',
  'select.holm': 'holm',
  'dataset.windowSize': 'window',
  'dataset.cropSize': 'crop',
  'dataset.folds': 'folds',
  'dataset.foldBuffer': 'foldBuffer',
};

export function define(key: GlossaryKey, l: Locale): string {
  return GLOSSARY[key][l];
}

// Layer, group and legend names in the user's language (the app's two: English and Chinese).
import type { Lang } from '../vocabulary';
export type { Lang };

const NAMES = {
  targets: { en: 'Targets', zh: '找矿靶区' },
  deposits: { en: 'Known deposits', zh: '已知矿床' },
  probability: { en: 'Probability', zh: '成矿概率' },
  calibrated: { en: 'Probability (calibrated)', zh: '成矿概率 (已校准)' },
  score: { en: 'Score (not a probability)', zh: '得分 (非概率)' },
  windowScore: { en: 'Window score (uncalibrated)', zh: '窗口得分 (未校准)' },
  targetAreas: { en: 'Target areas', zh: '靶区范围' },
  areaClasses: { en: 'Target area classes', zh: '靶区范围类别' },
  tileClasses: { en: 'Tile classes (paper protocol)', zh: '单元格类别 (论文方案)' },
  p2: { en: '2nd percentile', zh: '第2百分位数' },
  p98: { en: '98th percentile', zh: '第98百分位数' },
  p99: { en: '99th percentile', zh: '第99百分位数' },
  layerMin: { en: 'lowest in this layer', zh: '本图层最低' },
  layerMax: { en: 'highest in this layer', zh: '本图层最高' },
  uncertainty: { en: 'Uncertainty', zh: '不确定性' },
  samplingSupport: { en: 'Sampling support (m to 3rd nearest sample)', zh: '采样支撑 (至第3近样品距离, 米)' },
  metres: { en: 'm', zh: '米' },
  elementGrids: { en: 'Element grids', zh: '元素网格' },
  samples: { en: 'Samples', zh: '水系沉积物样品' },
  tiles: { en: 'Tiles (12 x 12)', zh: '单元格 (12 x 12)' },
  windows: { en: 'Training windows', zh: '训练窗口' },
  tileProbability: { en: 'Probability per tile', zh: '单元格成矿概率' },
  targetClasses: { en: 'Target classes', zh: '靶区类别' },
  low: { en: 'low', zh: '低' },
  high: { en: 'high', zh: '高' },
  ore: { en: 'ore (slid around a deposit)', zh: '含矿 (围绕矿床滑动)' },
  barren: { en: 'barren (random, distal)', zh: '无矿 (随机远端)' },
  newTarget: { en: 'new target', zh: '新靶区' },
  confirmation: { en: 'confirmation (known deposit)', zh: '验证 (已知矿床)' },
} as const;

export type NameKey = keyof typeof NAMES;

export function name(key: NameKey, lang: Lang = 'en'): string {
  return NAMES[key][lang];
}

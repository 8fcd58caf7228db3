// Layer, group and legend names in the user's language (the app's two: English and Chinese).
import type { Lang } from '../vocabulary';
export type { Lang };

const NAMES = {
  targets: { en: 'Targets', zh: '找矿靶区' },
  deposits: { en: 'Known deposits', zh: '已知矿床' },
  probability: { en: 'Probability', zh: '成矿概率' },
  uncertainty: { en: 'Uncertainty', zh: '不确定性' },
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

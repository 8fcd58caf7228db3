// One colour per meaning across the distribution plots, so "below detection limit" looks the same in both.
export const MEASURED_COLOR = '#4f8fe8';
export const CENSORED_COLOR = '#f5a623';
export const MARK_COLOR = '#e6194b';

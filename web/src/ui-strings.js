// The widget's own chrome (buttons, counters, announcements). The texts are the core's (the TP_UI
// rows of shared/src/session/strings.def, bundled at build time), and so is the choice of column:
// engine settings() names it for the session's locale, by the rule the core's answer messages use.
import TABLE from 'touchpoint:ui-strings';

const COLUMNS = ['en', 'zh-Hans', 'zh-Hant', 'ar'];

/** Returns t(key, vars) for a column of the strings table ("en", "zh-Hans", "zh-Hant", "ar"). */
export function strings(column = 'en') {
  const at = Math.max(0, COLUMNS.indexOf(column));
  return (key, vars = {}) =>
    String(TABLE[key]?.[at] ?? TABLE[key]?.[0] ?? key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
}

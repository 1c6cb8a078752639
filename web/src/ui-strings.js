// The widget's own chrome (buttons, counters, announcements). The texts are the core's (the TP_UI
// rows of shared/src/session/strings.def, bundled at build time), and so is the choice of column:
// engine settings() names it for the session's locale, by the rule the core's answer messages use.
import TABLE from 'touchpoint:ui-strings';
import { tableStrings } from './strings-table.js';

/** Returns t(key, vars) for a column of the strings table ("en", "zh-Hans", "zh-Hant", "ar"). */
export function strings(column = 'en') {
  return tableStrings(TABLE, column);
}

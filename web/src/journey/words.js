// The words of <touchpoint-journey>'s own chrome (DOM table, filters, edit side panel, variants,
// status messages): the rows of the core's shared/src/journey/ui_strings.def, bundled at build time,
// read in the column the viewer core names for its locale (tp_viewer_state "strings", the rule of
// the widget's chrome). The canvas draws the same rows from C++. Numbers are formatted with Intl
// in the viewer's locale.
import TABLE from 'touchpoint:journey-strings';
import { tableStrings } from '../strings-table.js';

/** The journey strings table ({code: [en, zh-Hans, zh-Hant]}), e.g. for a test that looks for English left on screen. */
export const JOURNEY_STRINGS = TABLE;

/** {t(code, vars), num(n, digits?), locale, column}: the words and number format of one locale. */
export function journeyWords(column = 'en', locale = '') {
  // Intl at the first number, not before: its first use in a page loads ICU's data (12–25 ms), and
  // the words alone (the table's headers, set as the viewer loads) do not need it.
  let intlLocale = null;
  const formats = new Map();
  const num = (n, digits = 0) => {
    if (intlLocale === null) {
      try {
        intlLocale = Intl.NumberFormat.supportedLocalesOf(locale ? [locale] : []).length ? locale : '';
      } catch {
        intlLocale = '';  // not a BCP 47 tag: the browser's own
      }
    }
    if (!formats.has(digits))
      formats.set(digits, new Intl.NumberFormat(intlLocale || column, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
    return formats.get(digits).format(n);
  };
  return { t: tableStrings(TABLE, column), num, locale, column };
}

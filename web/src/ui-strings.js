// The widget's own chrome (buttons, counters). Survey texts are localized by the core; these are
// the few strings the core does not own. A view may override any of them with view.ui.
const STRINGS = {
  en: {
    next: 'Next', back: 'Back', submit: 'Submit', close: 'Close survey', other: 'Other',
    otherText: 'Please specify', progress: 'Progress', chars: '{n} of {max} characters',
    moveUp: 'Move up', moveDown: 'Move down', moved: '{item}: position {n} of {count}',
    errors: 'Please check {n} answer(s).', thanks: 'Thank you!', dialog: 'Survey',
    required: 'required', scale: '{n} of {max}', score: '{title}: ',
  },
  zh: {
    next: '下一步', back: '上一步', submit: '提交', close: '关闭问卷', other: '其他',
    otherText: '请说明', progress: '进度', chars: '已输入 {n}/{max} 字',
    moveUp: '上移', moveDown: '下移', moved: '{item}：第 {n} 位，共 {count} 位',
    errors: '有 {n} 个回答需要检查。', thanks: '谢谢！', dialog: '问卷',
    required: '必填', scale: '{n} / {max}', score: '{title}：',
  },
  ar: {
    next: 'التالي', back: 'السابق', submit: 'إرسال', close: 'إغلاق الاستبيان', other: 'أخرى',
    otherText: 'يرجى التحديد', progress: 'التقدم', chars: '{n} من {max} حرفًا',
    moveUp: 'نقل لأعلى', moveDown: 'نقل لأسفل', moved: '{item}: المرتبة {n} من {count}',
    errors: 'يرجى مراجعة {n} من الإجابات.', thanks: 'شكرًا لك!', dialog: 'استبيان',
    required: 'مطلوب', scale: '{n} من {max}', score: '{title}: ',
  },
  'zh-Hant': {
    next: '下一步', back: '上一步', submit: '提交', close: '關閉問卷', other: '其他',
    otherText: '請說明', progress: '進度', chars: '已輸入 {n}/{max} 字',
    moveUp: '上移', moveDown: '下移', moved: '{item}：第 {n} 位，共 {count} 位',
    errors: '有 {n} 個回答需要檢查。', thanks: '謝謝！', dialog: '問卷',
    required: '必填', scale: '{n} / {max}', score: '{title}：',
  },
};

/** Returns t(key, vars) for a BCP 47 locale, falling back to the language, then English. */
export function strings(locale = 'en', overrides = {}) {
  const lang = String(locale);
  const table =
    (/^zh-(TW|HK|MO|Hant)/i.test(lang) && STRINGS['zh-Hant']) ||
    STRINGS[lang.split('-')[0]] ||
    STRINGS.en;
  return (key, vars = {}) =>
    String(overrides[key] ?? table[key] ?? STRINGS.en[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? '');
}

// The words of the edit panel's variants section (as-is / to-be and what the to-be changes), in
// the viewer's language: Chinese for any zh-* locale (as the canvas does), else English. The
// numbers and titles come from the core's edit state; only the sentences around them are here.

const EN = {
  variants: 'Variants',
  editing: 'Editing',
  state: (future) => (future ? 'to-be' : 'as-is'),
  createCopy: (future) => `Create ${future ? 'to-be' : 'as-is'} copy`,
  added: 'added',
  removed: 'removed',
  movedFrom: (from, to) => `moved from ${from} to ${to}`,
  movedInOrder: 'moved in order',
  textEdited: 'text edited',
  emotion: 'emotion',
  nps: (delta, p, significant) => `NPS ${delta} (p ${p}${significant ? ', significant' : ''})`,
  join: '; ',
  step: (stage, title) => `${stage ? 'Stage' : 'Touchpoint'} ${title}`,
  caption: (c, asIs, toBe) => `As-is ${asIs} → to-be ${toBe}: ${c.added} added, ${c.removed} removed, ${c.moved} moved, ${c.edited} edited`,
  columns: ['Step', 'What changed', 'Emotion as-is → to-be'],
  none: 'No differences yet',
};

const ZH = {
  variants: '方案',
  editing: '正在编辑',
  state: (future) => (future ? '未来' : '现状'),
  createCopy: (future) => `创建${future ? '未来' : '现状'}副本`,
  added: '新增',
  removed: '已删除',
  movedFrom: (from, to) => `从 ${from} 移到 ${to}`,
  movedInOrder: '调整了顺序',
  textEdited: '文字已修改',
  emotion: '情绪',
  nps: (delta, p, significant) => `NPS ${delta}（p ${p}${significant ? '，显著' : ''}）`,
  join: '；',
  step: (stage, title) => `${stage ? '阶段' : '触点'} ${title}`,
  caption: (c, asIs, toBe) => `现状 ${asIs} → 未来 ${toBe}：新增 ${c.added}，删除 ${c.removed}，移动 ${c.moved}，修改 ${c.edited}`,
  columns: ['步骤', '变化', '情绪（现状 → 未来）'],
  none: '尚无差异',
};

/** The words for a BCP 47 locale ("" = English). */
export function variantText(locale) {
  return /^zh\b/i.test(locale || '') ? ZH : EN;
}

// The 1,000-touchpoint map the viewer benchmarks draw and edit (10 stages of 100, an actions lane
// and an emotion curve, CJK titles), and 20,000 responses spread evenly over its touchpoints
// (NPS 0–10 in turn). Generated, so every benchmark measures the same data. The same shape at
// 10,000 touchpoints (10 stages of 1,000, 10 responses each: 100,000 lines, 33 MB, kept whole) for the frame-time figure at that size.

export function bigMap(count = 1000) {
  const stages = Array.from({ length: 10 }, (_, s) => ({ id: `s${s}`, title: { 'zh-CN': `阶段 ${s + 1}`, en: `Stage ${s + 1}` } }));
  const touchpoints = Array.from({ length: count }, (_, i) => ({
    id: `t${i}`,
    stage: `s${i % 10}`,
    title: { 'zh-CN': `触点 ${i} 客户体验`, en: `Touchpoint ${i}` },
    channel: ['web', 'email', 'phone', 'chat'][i % 4],
    owner: '客户成功部',
  }));
  return {
    touchpoint: 'journey/1',
    id: 'big',
    meta: { title: `${count.toLocaleString('en')} touchpoints`, locales: ['zh-CN', 'en'] },
    personas: [{ id: 'p', name: '客户' }],
    stages,
    touchpoints,
    lanes: [
      { id: 'a', kind: 'actions', items: stages.map((s) => ({ stage: s.id, text: '比较供应商，阅读评测' })) },
      { id: 'e', kind: 'emotion', points: stages.map((s, i) => ({ persona: 'p', stage: s.id, value: (i % 5) - 2 })) },
    ],
  };
}

/** NDJSON of `each` response/1 payloads per touchpoint of bigMap(count) (20,000 for the default map).
 *  The NPS category is the response/1 rule (promoter 9–10, passive 7–8, detractor 0–6), written
 *  out as data here. */
export function bigResponses(count = 1000, each = 20) {
  const category = (nps) => (nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor');
  return (
    Array.from({ length: each * count }, (_, i) =>
      JSON.stringify({
        touchpoint: 'response/1',
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        survey: { id: 's', version: '1', hash: 'sha256:' + '0'.repeat(32) },
        submitted: '2026-11-01T00:00:00Z',
        partial: false,
        locale: 'zh-CN',
        answers: { nps: i % 11 },
        scores: { nps: { value: i % 11, category: category(i % 11), question: 'nps' } },
        journey: { map: 'big', stage: `s${(i % count) % 10}`, touchpoint: `t${i % count}` },
        redactions: 0,
      }),
    ).join('\n') + '\n'
  );
}

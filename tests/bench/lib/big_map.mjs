// The 1,000-touchpoint map the viewer benchmarks draw and edit (10 stages of 100, an actions lane
// and an emotion curve, CJK titles), and 20,000 responses spread evenly over its touchpoints
// (NPS 0–10 in turn). Generated, so every benchmark measures the same data.

export function bigMap() {
  const stages = Array.from({ length: 10 }, (_, s) => ({ id: `s${s}`, title: { 'zh-CN': `阶段 ${s + 1}`, en: `Stage ${s + 1}` } }));
  const touchpoints = Array.from({ length: 1000 }, (_, i) => ({
    id: `t${i}`,
    stage: `s${i % 10}`,
    title: { 'zh-CN': `触点 ${i} 客户体验`, en: `Touchpoint ${i}` },
    channel: ['web', 'email', 'phone', 'chat'][i % 4],
    owner: '客户成功部',
  }));
  return {
    touchpoint: 'journey/1',
    id: 'big',
    meta: { title: '1,000 touchpoints', locales: ['zh-CN', 'en'] },
    personas: [{ id: 'p', name: '客户' }],
    stages,
    touchpoints,
    lanes: [
      { id: 'a', kind: 'actions', items: stages.map((s) => ({ stage: s.id, text: '比较供应商，阅读评测' })) },
      { id: 'e', kind: 'emotion', points: stages.map((s, i) => ({ persona: 'p', stage: s.id, value: (i % 5) - 2 })) },
    ],
  };
}

/** NDJSON of 20,000 response/1 payloads on bigMap()'s touchpoints. The NPS category is the
 *  response/1 rule (promoter 9–10, passive 7–8, detractor 0–6), written out as data here. */
export function bigResponses() {
  const category = (nps) => (nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor');
  return (
    Array.from({ length: 20000 }, (_, i) =>
      JSON.stringify({
        touchpoint: 'response/1',
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        survey: { id: 's', version: '1', hash: 'sha256:' + '0'.repeat(32) },
        submitted: '2026-11-01T00:00:00Z',
        partial: false,
        locale: 'zh-CN',
        answers: { nps: i % 11 },
        scores: { nps: { value: i % 11, category: category(i % 11), question: 'nps' } },
        journey: { map: 'big', stage: `s${(i % 1000) % 10}`, touchpoint: `t${i % 1000}` },
        redactions: 0,
      }),
    ).join('\n') + '\n'
  );
}

// The edit side panel of <touchpoint-journey editable>: every edit the canvas does by mouse, done
// with DOM controls (keyboard, screen readers, IME for Chinese). Text is typed here, never in the
// canvas; a text field commits on `change` (Enter or leaving the field), which fires only after an
// IME composition has ended. Each control sends one edit command to the viewer core
// (tp_viewer_edit, see docs/journey.md "Edit mode"); the panel is redrawn from the core's edit
// state after every change, whoever made it (panel, canvas, undo). User text is set as text.
// Every word is the core's (host.words(): journey/ui_strings.def in the viewer's language).

export const EDIT_STYLE = `
.editor { padding: 8px; border-bottom: 1px solid var(--tp-border); font-size: 13px; display: grid; gap: 8px; }
.editor[hidden] { display: none; }
.editor h3 { font-size: 13px; margin: 4px 0 0; }
.editor ol, .editor ul { margin: 0; padding-inline-start: 18px; display: grid; gap: 4px; }
.editor .row { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.editor input, .editor select, .editor textarea, .editor button { font: inherit; color: inherit; background: var(--tp-bg);
  border: 1px solid var(--tp-border); border-radius: 4px; padding: 2px 6px; }
.editor input[type="text"] { min-width: 8em; flex: 1; }
.editor input[type="number"] { width: 5em; }
.editor button { cursor: pointer; }
.editor button:disabled { opacity: .5; cursor: default; }
.editor :focus-visible { outline: 2px solid #2563eb; outline-offset: 1px; }
.editor [aria-current="true"] > .row { background: color-mix(in srgb, #facc15 25%, transparent); }
.editor textarea { width: 100%; box-sizing: border-box; min-height: 5em; }
.editor .error { color: #b91c1c; }
.editor table { border-collapse: collapse; width: 100%; }
.editor caption { text-align: start; font-weight: 600; padding-bottom: 4px; }
.editor th, .editor td { border-bottom: 1px solid var(--tp-border); padding: 2px 4px; text-align: start; vertical-align: top; }
.editor td.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
.editor .up { color: #15803d; } .editor .down { color: #b91c1c; }
:host([data-theme="dark"]) .editor .up { color: #86efac; } :host([data-theme="dark"]) .editor .down { color: #fca5a5; }
:host([data-theme="dark"]) .editor .error { color: #fca5a5; }
`;

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

export class EditPanel {
  /** @param {HTMLElement} section the panel's container; @param {object} host the element */
  constructor(section, host) {
    this.section = section;
    this.host = host;
    section.addEventListener('click', (e) => this._onClick(e));
    section.addEventListener('change', (e) => this._onChange(e));
  }

  /** Redraws from the core's edit state (null: not editable), keeping the focused control focused. */
  render(state) {
    this.state = state;
    const s = this.section;
    s.hidden = !state;
    if (!state) return;
    const focused = this.host.shadowRoot.activeElement;
    const focusKey = focused && s.contains(focused) ? focused.dataset.key : null;
    const { t } = this.host.words();
    // The words, escaped once here (their {fields} may be user text): tx(code, vars).
    const tx = (code, vars) => esc(t(code, vars));
    const start = `
      <h3 id="ed-start">${tx('startOver')}</h3>
      <div class="row"><button data-key="blank" data-act="blank">${tx('newBlankMap')}</button></div>
      <label for="ed-mermaid">${tx('mermaidToImport')}</label>
      <textarea id="ed-mermaid" data-key="mermaid-text" spellcheck="false"></textarea>
      <div class="row"><button data-key="import-mermaid" data-act="import" data-format="mermaid">${tx('importMermaid')}</button></div>`;
    const error = `<p class="error" role="alert" data-key="error">${esc(this._error || '')}</p>`;
    if (!state.editing) {
      // No map yet: a blank one or an import.
      s.innerHTML = start + error;
      this._refocus(focusKey);
      return;
    }
    const stageOptions = (selected) => state.stages.map((st, i) =>
      `<option value="${esc(st.id)}"${st.id === selected ? ' selected' : ''}>${i + 1}. ${esc(st.title)}</option>`).join('');
    const last = (list, i) => i === list.length - 1;
    const stages = state.stages.map((st, i) => `
      <li data-stage="${esc(st.id)}" aria-current="${st.id === state.selected_stage}">
        <div class="row">
          <input type="text" data-key="stage-title-${esc(st.id)}" data-op="set_stage_title" data-id="${esc(st.id)}" value="${esc(st.title)}" aria-label="${tx('stageTitle', { n: i + 1 })}">
          <button data-key="stage-up-${esc(st.id)}" data-act="move_stage" data-id="${esc(st.id)}" data-to="${i - 1}" ${i === 0 ? 'disabled' : ''} aria-label="${tx('moveStageEarlier', { n: i + 1 })}">↑</button>
          <button data-key="stage-down-${esc(st.id)}" data-act="move_stage" data-id="${esc(st.id)}" data-to="${i + 1}" ${last(state.stages, i) ? 'disabled' : ''} aria-label="${tx('moveStageLater', { n: i + 1 })}">↓</button>
          <button data-key="stage-delete-${esc(st.id)}" data-act="delete_stage" data-id="${esc(st.id)}" ${state.stages.length < 2 ? 'disabled' : ''} aria-label="${tx('deleteStage', { n: i + 1 })}">${tx('delete')}</button>
        </div>
        <ul aria-label="${tx('stageTouchpoints', { n: i + 1 })}">${st.touchpoints.map((tp, j) => `
          <li data-touchpoint="${esc(tp.id)}" aria-current="${tp.id === state.selected}">
            <div class="row">
              <input type="text" data-key="tp-title-${esc(tp.id)}" data-op="set_touchpoint_title" data-id="${esc(tp.id)}" value="${esc(tp.title)}" aria-label="${tx('touchpointTitle', { j: j + 1, n: i + 1 })}">
              <button data-key="tp-select-${esc(tp.id)}" data-act="select" data-id="${esc(tp.id)}" aria-pressed="${tp.id === state.selected}" aria-label="${tx('selectTouchpoint', { j: j + 1, n: i + 1 })}">${tx('select')}</button>
              <select data-key="tp-stage-${esc(tp.id)}" data-op="move_touchpoint" data-id="${esc(tp.id)}" aria-label="${tx('touchpointStage', { j: j + 1, n: i + 1 })}">${stageOptions(st.id)}</select>
              <button data-key="tp-up-${esc(tp.id)}" data-act="move_touchpoint" data-id="${esc(tp.id)}" data-stage="${esc(st.id)}" data-at="${j - 1}" ${j === 0 ? 'disabled' : ''} aria-label="${tx('moveTouchpointEarlier', { j: j + 1, n: i + 1 })}">↑</button>
              <button data-key="tp-down-${esc(tp.id)}" data-act="move_touchpoint" data-id="${esc(tp.id)}" data-stage="${esc(st.id)}" data-at="${j + 1}" ${last(st.touchpoints, j) ? 'disabled' : ''} aria-label="${tx('moveTouchpointLater', { j: j + 1, n: i + 1 })}">↓</button>
              <button data-key="tp-delete-${esc(tp.id)}" data-act="delete_touchpoint" data-id="${esc(tp.id)}" aria-label="${tx('deleteTouchpoint', { j: j + 1, n: i + 1 })}">${tx('delete')}</button>
            </div>
            <div class="row">
              <input type="text" data-key="tp-channel-${esc(tp.id)}" data-op="set_touchpoint_channel" data-id="${esc(tp.id)}" value="${esc(tp.channel)}" list="ed-channels" placeholder="${tx('channel')}" aria-label="${tx('touchpointChannel', { j: j + 1, n: i + 1 })}">
              <input type="text" data-key="tp-owner-${esc(tp.id)}" data-op="set_touchpoint_owner" data-id="${esc(tp.id)}" value="${esc(tp.owner)}" placeholder="${tx('owner')}" aria-label="${tx('touchpointOwner', { j: j + 1, n: i + 1 })}">
            </div>
          </li>`).join('')}
        </ul>
        <button data-key="tp-add-${esc(st.id)}" data-act="add_touchpoint" data-stage="${esc(st.id)}">${tx('addTouchpointTo', { n: i + 1 })}</button>
      </li>`).join('');
    const personas = state.personas.map((p, i) => `
      <li><div class="row">
        <input type="text" data-key="persona-name-${esc(p.id)}" data-op="set_persona_name" data-id="${esc(p.id)}" value="${esc(p.name)}" aria-label="${tx('personaName', { n: i + 1 })}">
        <input type="text" data-key="persona-role-${esc(p.id)}" data-op="set_persona_role" data-id="${esc(p.id)}" value="${esc(p.role)}" aria-label="${tx('personaRole', { n: i + 1 })}">
        <button data-key="persona-up-${esc(p.id)}" data-act="move_persona" data-id="${esc(p.id)}" data-to="${i - 1}" ${i === 0 ? 'disabled' : ''} aria-label="${tx('movePersonaEarlier', { n: i + 1 })}">↑</button>
        <button data-key="persona-delete-${esc(p.id)}" data-act="delete_persona" data-id="${esc(p.id)}" aria-label="${tx('deletePersona', { n: i + 1 })}">${tx('delete')}</button>
      </div></li>`).join('');
    const lanes = state.lanes.map((l, i) => `
      <li><div class="row">
        <input type="text" data-key="lane-title-${esc(l.id)}" data-op="set_lane_title" data-id="${esc(l.id)}" value="${esc(l.title)}" aria-label="${tx('laneTitle', { n: i + 1, kind: t(`lane_${l.kind.replace(/-/g, '_')}`) })}">
        <button data-key="lane-up-${esc(l.id)}" data-act="move_lane" data-id="${esc(l.id)}" data-to="${i - 1}" ${i === 0 ? 'disabled' : ''} aria-label="${tx('moveLaneEarlier', { n: i + 1 })}">↑</button>
        <button data-key="lane-delete-${esc(l.id)}" data-act="delete_lane" data-id="${esc(l.id)}" aria-label="${tx('deleteLane', { n: i + 1 })}">${tx('delete')}</button>
      </div>${l.kind === 'emotion' ? this._emotions(state, l, i, tx) : this._items(state, l, i, tx)}</li>`).join('');
    s.innerHTML = `
      ${this._variants(state, tx, t)}
      <div class="row" role="toolbar" aria-label="${tx('editToolbar')}">
        <button data-key="undo" data-act="undo" ${state.can_undo ? '' : 'disabled'} aria-keyshortcuts="Control+Z">${tx('undo')}</button>
        <button data-key="redo" data-act="redo" ${state.can_redo ? '' : 'disabled'} aria-keyshortcuts="Control+Shift+Z">${tx('redo')}</button>
        <button data-key="export-json" data-act="export" data-format="journey">${tx('exportJson')}</button>
        <button data-key="export-mermaid" data-act="export" data-format="mermaid">${tx('exportMermaid')}</button>
      </div>
      <label class="row">${tx('mapTitle')} <input type="text" data-key="map-title" data-op="set_title" value="${esc(state.title)}"></label>
      <h3 id="ed-stages">${tx('stages')}</h3>
      <ol aria-labelledby="ed-stages">${stages}</ol>
      <div class="row"><label>${tx('newStage')} <input type="text" data-key="stage-new" data-new="stage"></label>
        <button data-key="stage-add" data-act="add_stage">${tx('addStage')}</button></div>
      <h3 id="ed-personas">${tx('personas')}</h3>
      <ol aria-labelledby="ed-personas">${personas}</ol>
      <div class="row"><label>${tx('newPersona')} <input type="text" data-key="persona-new" data-new="persona"></label>
        <button data-key="persona-add" data-act="add_persona">${tx('addPersona')}</button></div>
      <h3 id="ed-lanes">${tx('lanes')}</h3>
      <ol aria-labelledby="ed-lanes">${lanes}</ol>
      <div class="row"><label>${tx('newLane')} <select data-key="lane-kind" data-new="lane-kind">${state.lane_kinds.map((k) => `<option value="${esc(k)}">${tx(`lane_${k.replace(/-/g, '_')}`)}</option>`).join('')}</select></label>
        <button data-key="lane-add" data-act="add_lane">${tx('addLane')}</button></div>
      <datalist id="ed-channels">${['web', 'email', 'phone', 'in-person', 'app', 'chat', 'event', 'document'].map((c) => `<option value="${c}">`).join('')}</datalist>
      <label for="ed-output">${tx('exportedText')}</label>
      <textarea id="ed-output" data-key="output" readonly spellcheck="false">${esc(this._output || '')}</textarea>
      ${start}${error}`;
    this._refocus(focusKey);
  }

  _refocus(key) {
    if (!key) return;
    const again = this.section.querySelector(`[data-key="${CSS.escape(key)}"]`);
    // A control that is now disabled (e.g. Undo with nothing left) hands focus to the toolbar.
    (again && !again.disabled ? again : this.section.querySelector('[data-act="undo"]:not(:disabled), [data-act="export"]'))?.focus();
  }

  _variants(state, tx, t) {
    // As-is / to-be: which variant is edited, a copy in the other state, and what the to-be changes.
    const v = state.variants;
    if (!v) return '';
    const active = v.list.find((x) => x.active);
    const options = v.list.map((x) => `<option value="${esc(x.id)}"${x.active ? ' selected' : ''}>${tx('variantOption', { state: t(x.state === 'future' ? 'toBe' : 'asIs'), title: x.title || x.id, id: x.id })}</option>`).join('');
    return `
      <h3 id="ed-variants">${tx('variants')}</h3>
      <div class="row">
        <label for="ed-variant">${tx('editing')}</label>
        <select id="ed-variant" data-key="variant" data-op="activate_variant">${options}</select>
        <button data-key="variant-create" data-act="create_variant">${tx(active && active.state === 'future' ? 'createAsIsCopy' : 'createToBeCopy')}</button>
      </div>${v.compare ? this._compare(state, v.compare, tx) : ''}`;
  }

  _compare(state, c, tx) {
    const stageTitle = (id) => state.stages.find((st) => st.id === id)?.title || id;
    const fmt = (x) => (x === null || x === undefined ? '–' : (Math.round(x * 100) / 100).toString().replace('-', '−'));
    const emotion = (d) => {
      if (d.emotion_before === null && d.emotion_after === null) return '<td class="num">–</td>';
      const delta = d.emotion_before !== null && d.emotion_after !== null ? d.emotion_after - d.emotion_before : null;
      const dir = delta > 0 ? 'up' : delta < 0 ? 'down' : '';
      const arrow = delta > 0 ? '▲ +' : delta < 0 ? '▼ ' : '';
      return `<td class="num">${fmt(d.emotion_before)} → ${fmt(d.emotion_after)}${delta ? ` <span class="${dir}">(${arrow}${fmt(delta)})</span>` : ''}</td>`;
    };
    const what = (d, stage) => {
      const parts = [];
      if (d.change === 'added') parts.push(tx('added'));
      else if (d.change === 'removed') parts.push(tx('removed'));
      else if (d.change === 'moved') parts.push(!stage && d.stage_before !== d.stage_after
        ? tx('movedFrom', { from: stageTitle(d.stage_before), to: stageTitle(d.stage_after) }) : tx('movedInOrder'));
      if (d.edited) parts.push(tx('textEdited'));
      if (!parts.length) parts.push(tx('emotionChanged'));
      if (d.nps) parts.push(tx(d.nps.significant ? 'npsChangeSignificant' : 'npsChange',
        { delta: `${d.nps.delta > 0 ? '+' : ''}${fmt(d.nps.delta)}`, p: d.nps.p < 0.001 ? '< 0.001' : `= ${fmt(d.nps.p)}` }));
      return parts.join(tx('listSeparator'));
    };
    const row = (d, stage) => `<tr data-change="${esc(d.change)}" data-id="${esc(d.id)}"><th scope="row">${tx(stage ? 'stepStage' : 'stepTouchpoint', { title: d.title })}</th><td>${what(d, stage)}</td>${emotion(d)}</tr>`;
    const rows = [...c.stages.map((d) => row(d, true)), ...c.touchpoints.map((d) => row(d, false))];
    return `
      <table data-key="compare" aria-describedby="ed-variants">
        <caption>${tx('compareCaption', { asIs: c.as_is, toBe: c.to_be, added: c.added, removed: c.removed, moved: c.moved, edited: c.edited })}</caption>
        <thead><tr>${['colStep', 'colChange', 'colEmotion'].map((h) => `<th scope="col">${tx(h)}</th>`).join('')}</tr></thead>
        <tbody>${rows.join('') || `<tr><td colspan="3">${tx('noDifferences')}</td></tr>`}</tbody>
      </table>`;
  }

  _items(state, lane, laneIndex, tx) {
    // A text lane's items (pain points, opportunities, backstage, KPIs, actions, thoughts): each on
    // a stage or one of its touchpoints; a new one goes where the "at" list points.
    const where = (it) => {
      const st = state.stages.find((x) => x.id === it.stage);
      const tp = st?.touchpoints.find((x) => x.id === it.touchpoint);
      return `${st ? st.title : it.stage}${tp ? ` · ${tp.title}` : ''}`;
    };
    const items = lane.items.map((it, k) => `
      <li><div class="row">
        <input type="text" data-key="item-${esc(lane.id)}-${k}" data-op="set_lane_item" data-lane="${esc(lane.id)}" data-index="${k}" value="${esc(it.text)}" aria-label="${tx('laneItem', { lane: laneIndex + 1, n: k + 1, where: where(it) })}">
        <button data-key="item-delete-${esc(lane.id)}-${k}" data-act="delete_lane_item" data-lane="${esc(lane.id)}" data-index="${k}" aria-label="${tx('deleteLaneItem', { lane: laneIndex + 1, n: k + 1 })}">${tx('delete')}</button>
      </div></li>`).join('');
    const places = state.stages.flatMap((st, i) => [
      `<option value="${esc(st.id)}|">${i + 1}. ${esc(st.title)}</option>`,
      ...st.touchpoints.map((tp) => `<option value="${esc(st.id)}|${esc(tp.id)}">${i + 1}. ${esc(st.title)} · ${esc(tp.title)}</option>`)]).join('');
    return `<ul aria-label="${tx('laneItems', { lane: laneIndex + 1 })}">${items}</ul>
      <div class="row">
        <input type="text" data-key="item-new-${esc(lane.id)}" data-new="item-${esc(lane.id)}" aria-label="${tx('newLaneItem', { lane: laneIndex + 1 })}">
        <select data-key="item-at-${esc(lane.id)}" data-new="item-at-${esc(lane.id)}" aria-label="${tx('newLaneItemAt', { lane: laneIndex + 1 })}">${places}</select>
        <button data-key="item-add-${esc(lane.id)}" data-act="add_lane_item" data-lane="${esc(lane.id)}" aria-label="${tx('addLaneItem', { lane: laneIndex + 1 })}">${tx('add')}</button>
      </div>`;
  }

  _emotions(state, lane, laneIndex, tx) {
    // Per persona and stage: the stage's value, and the value at each touchpoint that has one
    // (a Mermaid import scores tasks, i.e. touchpoints); −2 … +2, empty = no point.
    const rows = [];
    const input = (p, st, i, tp) => {
      const point = lane.points.find((x) => x.persona === p.id && x.stage === st.id && (x.touchpoint || '') === (tp ? tp.id : ''));
      const key = `emotion-${lane.id}-${p.id}-${st.id}${tp ? `-${tp.id}` : ''}`;
      const label = tp ? tx('emotionAt', { persona: p.name, touchpoint: tp.title, lane: laneIndex + 1 })
        : tx('emotionIn', { persona: p.name, n: i + 1, lane: laneIndex + 1 });
      return `<li><label class="row">${esc(p.name)} · ${i + 1}. ${esc(st.title)}${tp ? ` · ${esc(tp.title)}` : ''}
        <input type="number" min="-2" max="2" step="0.5" data-key="${esc(key)}" data-op="set_emotion" data-lane="${esc(lane.id)}"
          data-persona="${esc(p.id)}" data-stage="${esc(st.id)}" data-touchpoint="${tp ? esc(tp.id) : ''}" value="${point ? point.value : ''}"
          aria-label="${label}"></label></li>`;
    };
    state.personas.forEach((p) => state.stages.forEach((st, i) => {
      rows.push(input(p, st, i, null));
      for (const tp of st.touchpoints)
        if (lane.points.some((x) => x.persona === p.id && x.touchpoint === tp.id)) rows.push(input(p, st, i, tp));
    }));
    return `<ul>${rows.join('')}</ul>`;
  }

  _edit(cmd) {
    try {
      this.host.edit(cmd);
      this._error = '';
    } catch (err) {
      // Refused by the core (a BridgeError naming the member or the rule): shown, nothing changed.
      this._error = err.message;
      this.render(this.host.editState());
    }
  }

  _onChange(e) {
    const t = e.target;
    const op = t.dataset.op;
    if (!op) return;
    const d = t.dataset;
    if (op === 'set_stage_title' || op === 'set_touchpoint_title' || op === 'set_lane_title') this._edit({ op, id: d.id, title: t.value });
    else if (op === 'set_title') this._edit({ op, text: t.value });
    else if (op === 'set_persona_name') this._edit({ op, id: d.id, name: t.value });
    else if (op === 'set_persona_role') this._edit({ op, id: d.id, role: t.value });
    else if (op === 'move_touchpoint') this._edit({ op, id: d.id, stage: t.value });
    else if (op === 'set_touchpoint_channel' || op === 'set_touchpoint_owner') this._edit({ op, id: d.id, text: t.value });
    else if (op === 'set_lane_item') this._edit({ op, lane: d.lane, index: Number(d.index), text: t.value });
    else if (op === 'activate_variant') this._edit({ op, id: t.value });
    else if (op === 'set_emotion') {
      const where = { lane: d.lane, persona: d.persona, stage: d.stage, touchpoint: d.touchpoint };
      if (t.value === '') this._edit({ op: 'delete_emotion', ...where });
      else this._edit({ op, ...where, value: Number(t.value) });
    }
  }

  _onClick(e) {
    const b = e.target.closest('button[data-act]');
    if (!b || b.disabled) return;
    const d = b.dataset, act = d.act;
    const newText = (kind) => this.section.querySelector(`[data-new="${kind}"]`)?.value.trim() || '';
    if (act === 'undo' || act === 'redo') this._edit({ op: act });
    else if (act === 'move_stage' || act === 'move_persona' || act === 'move_lane') this._edit({ op: act, id: d.id, to: Number(d.to) });
    else if (act === 'move_touchpoint') this._edit({ op: act, id: d.id, stage: d.stage, at: Number(d.at) });
    else if (act === 'delete_lane_item') this._edit({ op: act, lane: d.lane, index: Number(d.index) });
    else if (act.startsWith('delete_')) this._edit({ op: act, id: d.id });
    else if (act === 'create_variant') this._edit({ op: act });
    else if (act === 'add_lane_item') {
      const text = newText(`item-${d.lane}`);
      const [stage, touchpoint] = (newText(`item-at-${d.lane}`) || '|').split('|');
      if (text) this._edit({ op: act, lane: d.lane, stage, touchpoint, text });
      else this.section.querySelector(`[data-new="item-${CSS.escape(d.lane)}"]`)?.focus();
    }
    else if (act === 'select') this.host.set('select', d.id);
    else if (act === 'add_stage') this._edit({ op: act, title: newText('stage') || `${this.state.stages.length + 1}` });
    else if (act === 'add_touchpoint') this._edit({ op: act, stage: d.stage, title: this.host.words().t('newTouchpoint') });
    else if (act === 'add_persona') this._edit({ op: act, name: newText('persona') || this.host.words().t('persona') });
    else if (act === 'add_lane') this._edit({ op: act, kind: newText('lane-kind') || 'actions', title: '' });
    else if (act === 'blank') this._import('blank', '');
    else if (act === 'import') this._import(d.format, this.section.querySelector('[data-key="mermaid-text"]').value);
    else if (act === 'export') {
      this._output = this.host.exportMap(d.format);
      this.render(this.host.editState());
    }
  }

  async _import(format, text) {
    try {
      await this.host.importMap(format, text);
      this._error = '';
      this._output = '';
    } catch (err) {
      this._error = err.diagnostics?.length ? err.diagnostics.map((x) => `${x.pointer || ''} ${x.message}`.trim()).join('; ') : err.message;
    }
    this.render(this.host.editState());
  }
}

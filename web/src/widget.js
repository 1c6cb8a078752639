// The renderer chunk: runs one survey on the wasm engine inside a <touchpoint-survey> element.
// Loaded by the loader only when a survey is about to show. The core decides everything about
// the survey (what is on a step, errors, logic, scores, redaction, the payload); this file turns
// the core's view into DOM, user input into engine.answer() calls, and the payload into an
// outbox record.
import { loadEngine, randomHex } from './engine.js';
import { createShell } from './shell.js';
import { prepareStyles } from './styles.js';
import { warmFonts } from './warm.js';
import { yieldToHost } from './yield.js';
import { renderStep, renderThanks } from './render/step.js';
import { loadRenderers } from './render/questions.js';
import { enqueue, makeRecord, configure } from './delivery.js';
import { emit } from './events.js';
import { strings } from './ui-strings.js';
import { recordShown, recordOutcome, savedState, saveState, attributes, visitorId } from './visitor.js';
import { fieldSources } from './hidden-fields.js';

export { triggerTest } from './engine.js'; // the loader asks trigger.audience/eventCondition through this chunk

/**
 * Shows a survey. Resolves to a controller {preview(), dismiss(), finished: Promise<outcome>}.
 * @param host the <touchpoint-survey> element; @param s {surveyText, survey (parsed), config, options}
 */
export async function present(host, { surveyText, survey, config = {}, options = {} }) {
  configure(config.retry);
  // The host's main thread comes first: no step below may be a long task (> 50 ms) for the page,
  // so the work is cut into tasks with a yield between them. The CSS is parsed now, while the
  // engine is still downloading, not in the task that builds the DOM.
  prepareStyles();
  const engineLoading = loadEngine(config.engineUrl, config.engineParts);
  engineLoading.catch(() => {}); // a failure is handled where it is awaited, after the warm-up
  // The renderers of the survey's rarer question types, fetched alongside the engine.
  const renderersLoading = loadRenderers((survey?.questions || []).map((q) => q?.type));
  renderersLoading.catch(() => {});
  await yieldToHost();
  const locale = options.locale || config.locale || document.documentElement.lang || navigator.language;
  const tw = performance.now();
  if (!host.shadowRoot?.childElementCount) await warmFonts(host, survey, locale); // not over a survey on show
  measure('touchpoint:warm', tw);
  const t0 = performance.now();
  const engine = await engineLoading;
  await renderersLoading;
  measure('touchpoint:engine-load', t0);
  await yieldToHost();
  // V8 compiles each wasm function on its first call, on this thread. So the engine's code is
  // met in steps, a task each: validating an empty document compiles the JSON parser and the
  // loader's frame (it fails fast), validating the survey compiles its question loaders and
  // expressions, and open() then parses again with compiled code (~1 ms) and compiles the session.
  const t1 = performance.now();
  engine.validate('{}');
  await yieldToHost();
  engine.validate(surveyText);
  await yieldToHost();
  const surveyId = survey?.id || 'survey';
  // The visitor's attributes (piping, expressions) and the hidden fields' sources stay in the engine.
  const openOptions = { locale, context: { segment: { ...config.segment, ...attributes() } }, fields: fieldSources(options.fields) };
  let session;
  const resume = options.resume !== false && savedState(surveyId);
  try {
    session = engine.open(surveyText, resume ? { ...openOptions, state: resume } : openOptions);
  } catch (error) {
    if (!resume) throw error;
    saveState(surveyId, null); // a survey changed since: start over rather than fail
    session = engine.open(surveyText, openOptions);
  }
  measure('touchpoint:engine-open', t1);
  await yieldToHost();
  const t2 = performance.now();
  const run = new Run(host, session, engine, survey, config, options);
  const view = session.view();
  await yieldToHost();
  run.build(view); // the DOM, attached but hidden
  await yieldToHost();
  run.reveal(); // layout in a task of its own, then shown: the next frame only paints
  measure('touchpoint:render', t2);
  return run;
}

// Named spans in the page's performance timeline (tests/bench/widget_timing.mjs reads them).
const measure = (name, start) => performance.measure?.(name, { start, end: performance.now() });

class Run {
  constructor(host, session, engine, survey, config, options) {
    Object.assign(this, { host, session, engine, survey, config, options });
    this.random = randomHex(); // one response id per run: preview() and the sent payload agree
    this.hooks = [];
    this.answered = false;
    this.finished = new Promise((resolve) => (this.resolve = resolve));
    // The survey's own settings come normalized from the core (defaults applied); the site's
    // init()/attributes win over them.
    this.settings = session.settings();
    const { delivery, ignoredFields } = this.settings;
    if (ignoredFields?.length)
      console.warn(`touchpoint: fields not declared by survey "${survey?.id}" are ignored (never sent): ${ignoredFields.join(', ')}`);
    this.endpoint = options.endpoint || config.endpoint || delivery.endpoint;
    this.alertEndpoint = options.alertEndpoint || config.alertEndpoint || delivery.alerts?.endpoint;
    this.format = options.format || config.format || delivery.format;
    this.method = delivery.method;
    this.headers = { ...delivery.headers, ...config.headers };
    this.partial = options.partial ?? config.partial ?? false;
    // Anonymous display counts (displays.js): shown, dismissed, completed, and with partial
    // responses on, the questions reached; off with init({displays: false}).
    this.counts = lazyCounter({ option: options.displays ?? config.displays, responses: this.endpoint, survey, partial: this.partial });
  }

  /** Builds the frame and the first step from the engine's first view; attached, not yet shown. */
  build(view) {
    const { display } = this.settings;
    this.t = strings(this.settings.strings);
    this.ctx = {
      t: this.t,
      answer: (id, value) => this.answer(id, value),
      submit: () => this.next(),
      back: () => this.back(),
      close: () => this.finish('completed'),
      beforeNext: (fn) => this.hooks.push(fn),
      announce: (text) => this.shell.announce(text),
    };
    this.shell = createShell(this.host, {
      mode: this.options.mode || display.mode,
      position: display.position,
      dir: view.survey?.dir,
      lang: view.survey?.locale,
      theme: this.options.theme || this.config.theme || 'auto',
      tokens: display.theme,
      dismissible: display.dismissible,
      showProgress: display.showProgress,
      t: this.t,
      onDismiss: (reason) => this.dismiss(reason),
    });
    this.showStep(view);
    this.shell.mount();
    return this;
  }

  /** Lays the survey out and shows it, moves focus into it; emits touchpoint:shown. */
  reveal() {
    this.shell.open();
    this.focus(this.step.heading);
    recordShown(this.survey?.id);
    this.revealed = true;
    this.counts.shown();
    this.countReached(this.view);
    // "visible" = the first frame with the survey painted (after the frame that attached it).
    requestAnimationFrame(() => setTimeout(() => performance.mark?.('touchpoint:visible'), 0));
    emit('shown', { survey: this.survey?.id, mode: this.shell.mode }, this.host);
    return this;
  }

  /** The questions on a step count as reached (once a run) for the drop-off per question. */
  countReached(view) {
    this.counts.reached((view.questions || []).map((q) => q.id).filter(Boolean));
  }

  showStep(view) {
    this.hooks = [];
    this.view = view;
    if (this.revealed) this.countReached(view);
    this.step = renderStep(view, this.ctx);
    this.shell.setContent(this.step.el, this.step.headingId);
    this.shell.announce('', true); // the previous step's errors are no longer current
  }

  focus(el) {
    // After the frame that attached it, so the shadow root's layout exists and the SR hears it. A
    // keyboard user may Tab on before that frame (or the frame comes late, in a busy or background
    // tab): focus they moved since is theirs, and pulling it back would swallow their next Enter.
    const root = el?.getRootNode();
    const before = root?.activeElement;
    requestAnimationFrame(() => {
      const now = root?.activeElement;
      if (now && now !== before && now.isConnected) return;
      el?.focus({ preventScroll: this.shell.mode === 'inline' ? false : true });
    });
  }

  answer(questionId, value) {
    const view = this.session.answer(questionId, value);
    this.answered = true;
    this.view = view;
    this.step.update(view);
    saveState(this.survey?.id, this.session.state());
    emit('answered', { survey: this.survey?.id, question: questionId, value }, this.host);
  }

  next() {
    for (const hook of this.hooks) hook();
    const before = this.view.step?.index;
    const view = this.session.next();
    if (view.done) return this.complete(view);
    const errors = (view.questions || []).filter((q) => q.error);
    if (errors.length && view.step?.index === before) {
      this.view = view;
      this.step.update(view);
      this.shell.announce(`${this.t('errors', { n: errors.length })} ${errors.map((q) => q.error).join(' ')}`, true);
      this.step.firstInvalid(view)?.focus();
      return;
    }
    this.showStep(view);
    saveState(this.survey?.id, this.session.state()); // a reload resumes on this step
    this.focus(this.step.heading);
  }

  back() {
    this.showStep(this.session.back());
    saveState(this.survey?.id, this.session.state());
    this.focus(this.step.heading);
  }

  context(partial) {
    const c = this.config;
    const context = { page: location.pathname + location.search + location.hash, now_ms: Date.now(), partial };
    // The id and attributes as they are now (identify() may have changed them while it was open);
    // the core keeps only what the survey's privacy.context lists.
    const respondent = visitorId() ?? c.respondent;
    if (respondent != null) context.respondent = String(respondent);
    if (c.key != null) context.key = String(c.key);
    const segment = { ...c.segment, ...attributes() };
    if (Object.keys(segment).length) context.segment = segment;
    if (this.options.journey || c.journey) context.journey = this.options.journey || c.journey;
    return context;
  }

  /** The exact response/1 payload this run would send now (same id, same anonymization). */
  preview(partial = false) {
    return JSON.parse(this.session.payload(this.context(partial), this.random));
  }

  async queue(payloadText) {
    const payload = JSON.parse(payloadText);
    const records = [];
    if (this.endpoint) {
      const body = this.format === 'cloudevents' ? this.engine.cloudevent(payloadText) : payloadText;
      records.push(makeRecord({ id: payload.id, url: this.endpoint, body, format: this.format, method: this.method, headers: this.headers, survey: payload.survey?.id }));
    }
    if (payload.alert && this.alertEndpoint) {
      // The alert is its own record (own idempotency key) so it is not held back by the response.
      records.push(makeRecord({ key: `${payload.id}:alert`, id: payload.id, url: this.alertEndpoint, body: payloadText, kind: 'alert', survey: payload.survey?.id }));
    }
    for (const record of records.reverse()) await enqueue(record); // alert first: it is urgent
    return payload;
  }

  async complete(view) {
    const payloadText = this.session.payload(this.context(false), this.random);
    this.view = view;
    let payload;
    try {
      payload = await this.queue(payloadText);
    } catch (error) {
      emit('error', { survey: this.survey?.id, reason: 'outbox', message: String(error) }, this.host);
      payload = JSON.parse(payloadText);
    }
    recordOutcome(this.survey?.id, 'completed');
    this.counts.completed();
    saveState(this.survey?.id, null);
    emit('completed', { survey: this.survey?.id, payload }, this.host);
    this.outcome = 'completed';
    const thanks = renderThanks(view, this.ctx);
    this.shell.setContent(thanks.el, thanks.headingId);
    this.focus(thanks.heading);
  }

  async dismiss(reason = 'api') {
    if (this.closed) return;
    if (this.outcome === 'completed') return this.finish('completed');
    const answers = this.answered ? 1 : Object.keys(this.session.state()?.answers || {}).length; // incl. resumed ones
    if (this.partial && answers) {
      try {
        await this.queue(this.session.payload(this.context(true), this.random));
      } catch (error) {
        emit('error', { survey: this.survey?.id, reason: 'outbox', message: String(error) }, this.host);
      }
    }
    recordOutcome(this.survey?.id, 'dismissed');
    this.counts.dismissed();
    emit('dismissed', { survey: this.survey?.id, reason }, this.host);
    this.finish('dismissed');
  }

  finish(outcome) {
    if (this.closed) return;
    this.closed = true;
    this.shell.close();
    this.session.close();
    this.resolve(outcome);
  }
}

/**
 * The display counter of displays.js, loaded on its first use (the survey is then visible): a chunk
 * of its own, not part of what a page downloads before the survey shows (≈ 0.9 KB gzip). Counts
 * made while it loads are replayed in order; should it fail to load, they are lost (never sent).
 */
function lazyCounter(settings) {
  let counter;
  const waiting = [];
  const call = (name) => (arg) => {
    if (counter) return counter[name](arg);
    if (waiting.push([name, arg]) > 1) return; // the chunk is on its way
    import('./displays.js').then((m) => {
      counter = m.displayCounter({ ...settings, randomHex });
      for (const [n, a] of waiting.splice(0)) counter[n](a);
    }, () => {});
  };
  return { shown: call('shown'), reached: call('reached'), dismissed: call('dismissed'), completed: call('completed') };
}

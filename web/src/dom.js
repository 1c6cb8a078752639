// A tiny element builder. Every string becomes a Text node (textContent semantics), never markup:
// survey texts are data from the site owner and must stay inert, and there is no innerHTML sink
// anywhere in the widget, so it runs under `require-trusted-types-for 'script'` unchanged.

/**
 * h('button', {type: 'button', onclick: fn, class: 'x', 'aria-label': 'Close'}, 'text', childNode)
 * Props: `on*` functions become listeners, `class` sets className, booleans toggle attributes,
 * `dataset`/`style` objects are copied through the CSSOM (allowed by `style-src 'self'`).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value == null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'class') el.className = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key === 'style') for (const [p, v] of Object.entries(value)) el.style.setProperty(p, v);
      else if (key in el && typeof value !== 'string') el[key] = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

let counter = 0;
/** A document-unique id for label/aria wiring inside one shadow root. */
export const uid = (prefix) => `tp-${prefix}-${++counter}`;

/**
 * Sets the text of `el` without touching any HTML parser, and without DOM churn: unchanged text
 * leaves the node alone, changed text goes into the existing Text node. Replacing the node under
 * the pointer between mousedown and mouseup makes WebKit drop the click (a field's `change` on
 * mousedown re-renders the step while the visitor clicks Next).
 */
export function setText(el, text) {
  const value = text == null ? '' : String(text);
  if (el.textContent === value) return;
  const only = el.firstChild;
  if (only && only === el.lastChild && only.nodeType === Node.TEXT_NODE && value) only.data = value;
  else el.textContent = value;
}

/**
 * Sets (or, for null/empty, removes) one attribute, only when it changes: a piped placeholder or
 * aria-label that reads the same is not rewritten, so screen readers do not re-announce it.
 */
export function setAttr(el, name, value) {
  const next = value == null || value === '' ? null : String(value);
  if (el.getAttribute(name) === next) return;
  if (next == null) el.removeAttribute(name);
  else el.setAttribute(name, next);
}

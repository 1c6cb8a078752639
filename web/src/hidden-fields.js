// Where hidden fields' values are found on this page, handed to the core as they are: the core
// keeps only the fields the survey declares (survey/hidden_fields.hpp), so nothing here reads the
// survey. The bounds below only keep a hostile URL from making the engine's input too large.
const MAX_PARAMS = 100;
const MAX_NAME = 64;
const MAX_VALUE = 2000;

/** {url: {param: value}, show: {field: value}} for the engine's open(). */
export function fieldSources(showFields) {
  const url = {};
  let n = 0;
  for (const [name, value] of new URLSearchParams(location.search)) {
    if (n >= MAX_PARAMS) break;
    if (name.length > MAX_NAME || name in url) continue;
    url[name] = value.slice(0, MAX_VALUE);
    n++;
  }
  const show = {};
  if (showFields && typeof showFields === 'object')
    for (const [name, value] of Object.entries(showFields).slice(0, MAX_PARAMS))
      show[name] = typeof value === 'string' ? value.slice(0, MAX_VALUE) : value;
  return { url, show };
}

// The npm/ESM way in: import the package entry; the element in the page upgrades once it is defined.
import touchpoint from '/dist/touchpoint.mjs';

window.esmDefault = touchpoint;
document.addEventListener('touchpoint:shown', () => (document.documentElement.dataset.tpShown = 'true'));

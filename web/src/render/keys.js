// Enter submits a step from a single-line field, except while an IME composes (Chinese, Japanese,
// Korean input confirm candidates with Enter: that Enter belongs to the IME, not to the form).
export function imeSafeEnter(onEnter) {
  return (event) => {
    if (event.key !== 'Enter' || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    onEnter();
  };
}

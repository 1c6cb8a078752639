// Cutting the widget's work into tasks, so none of them is a long task (> 50 ms) for the host page.

/** Runs `fn` in a task of its own: a message task, not setTimeout (no 4 ms clamp after a few nested ones). */
export const nextTask = (fn) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => fn();
  channel.port2.postMessage(null);
};

/** Lets the host's pending input and rendering run before the next piece of work. */
export const yieldToHost = () =>
  globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => nextTask(resolve));

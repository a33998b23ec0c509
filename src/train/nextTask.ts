// Yielding to the event loop between training steps, so that pause and settings messages are handled in between.
// setTimeout(0) is no good for this: browsers hold a nested zero-delay timer back by 4 ms, which capped a lab whose
// step takes a millisecond at a fifth of its speed. A message on a fresh channel is a task of its own with no floor.

/** Resolves in a new task of the event loop (after the messages already queued), without setTimeout's 4 ms floor. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const {port1, port2} = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

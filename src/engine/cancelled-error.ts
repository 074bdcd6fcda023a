/** What a cancelled diagnosis's session rejects with, in process or in a worker. */
export const cancelledError = () => Object.assign(new Error('the diagnosis was cancelled'), { name: 'AbortError' });

// Ink imports ws only for devtools (DEV=true), which the published bundle never connects to; the real module is
// ~49 KB of the UI bundle that every start would parse for nothing.
export default class WebSocket {
  constructor() {
    throw new Error('conn-doctor is built without React devtools support');
  }
}

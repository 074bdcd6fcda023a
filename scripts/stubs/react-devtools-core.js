// Ink imports react-devtools-core only when DEV is set; the published bundle never connects to devtools.
export default { initialize() {}, connectToDevTools() {} };

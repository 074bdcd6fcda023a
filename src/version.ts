declare const __CONN_DOCTOR_VERSION__: string | undefined;

/** Set by the bundler from package.json; tests run unbundled and see the development marker. */
export const version: string = typeof __CONN_DOCTOR_VERSION__ === 'string' ? __CONN_DOCTOR_VERSION__ : '0.0.0-dev';

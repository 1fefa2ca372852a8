// RapiDoc registers the <rapi-doc> custom element as a side effect; it exports nothing.
declare module 'rapidoc';

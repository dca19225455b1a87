// What the Kubernetes layer needs for names, labels, annotations and selectors.

export * from './messages.ts';
export * from './names.ts';
export * from './object-names.ts';
export * from './annotations.ts';
export * from './label-selector.ts';
export * from './label-selector-object.ts';
export * from './field-selector.ts';

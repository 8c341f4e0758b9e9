// A lint rule for the layering of ChartDesk (see shared/STYLE.md, "The shape of the house"):
// a file in one part of the tree may not import from the folders named as forbidden to it.
// Relative imports are resolved against the importing file, so `../../main/x.js` from
// electron/engine is caught however deep the file sits; type-only imports count too, since a
// type from another room still ties the two together.
import path from 'node:path';

/** @type {import('eslint').Rule.RuleModule} */
export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbids imports across the layers of ChartDesk' },
    schema: [
      {
        type: 'object',
        properties: {
          forbidden: {
            type: 'array',
            items: { type: 'object', properties: { folder: { type: 'string' }, message: { type: 'string' } }, required: ['folder', 'message'] },
          },
        },
        required: ['forbidden'],
        additionalProperties: false,
      },
    ],
    messages: { forbidden: '{{file}} may not import {{target}}: {{message}}' },
  },
  create(context) {
    const root = context.cwd;
    const forbidden = context.options[0].forbidden.map((f) => ({ ...f, folder: path.resolve(root, f.folder) }));
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), source);
      const hit = forbidden.find((f) => target === f.folder || target.startsWith(f.folder + path.sep));
      if (hit) {
        context.report({
          node,
          messageId: 'forbidden',
          data: { file: path.relative(root, context.filename), target: path.relative(root, target), message: hit.message },
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.argument?.value),
    };
  },
};

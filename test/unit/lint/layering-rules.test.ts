import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The project's own lint configuration on small files placed (virtually) in each room: the
 * layering and hooks rules must fire where STYLE.md says a room may not reach, and stay quiet
 * where it may.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering lint rules', () => {
  it('keep the engine from importing the shells (main, preload, server, cli), values or types', async () => {
    expect(await problems('electron/engine/intake/x.ts', "import { x } from '../../main/main.js';\nexport const y = x;\n")).toEqual([
      expect.stringMatching(/^chartdesk\/layering: electron\/engine\/intake\/x\.ts may not import electron\/main\/main\.js: the engine/),
    ]);
    for (const source of ['../server/http-server.js', '../cli/chartdesk.js', '../preload/preload.js']) {
      expect(await problems('electron/engine/x.ts', `import type { X } from '${source}';\nexport type Y = X;\n`), source).toEqual([expect.stringMatching(/^chartdesk\/layering:/)]);
    }
    expect(await problems('electron/engine/x.ts', "export { x } from '../server/http-server.js';\n")).toEqual([expect.stringMatching(/^chartdesk\/layering:/)]);
    expect(await problems('electron/engine/x.ts', "export const load = () => import('../cli/chartdesk.js');\n")).toEqual([expect.stringMatching(/^chartdesk\/layering:/)]);
  });

  it('let the engine import shared/ and itself', async () => {
    expect(
      await problems(
        'electron/engine/intake/x.ts',
        "import { contract } from '../../../shared/api/contract.js';\nimport { openStation } from '../station.js';\nexport const y = [contract, openStation];\n",
      ),
    ).toEqual([]);
  });

  it('keep the renderer from importing anything under electron/', async () => {
    expect(await problems('renderer/screens/X.tsx', "import type { Station } from '../../electron/engine/station-types.js';\nexport type S = Station;\n")).toEqual([
      expect.stringMatching(/^chartdesk\/layering: renderer\/screens\/X\.tsx may not import electron\/engine\/station-types\.js: the renderer reaches the engine only through/),
    ]);
  });

  it('keep shared/ from importing the engine or the renderer', async () => {
    expect(await problems('shared/api/x.ts', "import { a } from '../../electron/engine/station.js';\nimport { b } from '../../renderer/stores/router.js';\nexport const c = [a, b];\n")).toEqual([
      expect.stringMatching(/^chartdesk\/layering: .*may not import electron\/engine\/station\.js: shared\/ is the contract/),
      expect.stringMatching(/^chartdesk\/layering: .*may not import renderer\/stores\/router\.js: shared\/ is the contract/),
    ]);
  });
});

describe('hooks lint rules', () => {
  it('refuse a hook called conditionally, and an effect that misses what it reads', async () => {
    const component = [
      "import { useEffect, useState } from 'react';",
      'export function Panel({ open, id }: { open: boolean; id: string }) {',
      '  if (!open) return null;',
      '  const [value] = useState(0);',
      '  useEffect(() => {',
      '    console.info(id);',
      '  }, []);',
      '  return value;',
      '}',
      '',
    ].join('\n');
    const found = await problems('renderer/components/Panel.tsx', component);
    expect(found).toEqual([
      expect.stringMatching(/^react-hooks\/rules-of-hooks:/),
      expect.stringMatching(/^react-hooks\/rules-of-hooks:/),
      expect.stringMatching(/^react-hooks\/exhaustive-deps: .*'id'/),
    ]);
  });
});

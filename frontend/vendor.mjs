// Copies the built files of the front-end libraries, with their licences, from node_modules into the
// Python package (app/static/vendor/<package>/), and records what was copied in MANIFEST.json: package,
// version (from package-lock.json), licence and a sha256 per file. tests/unit/test_vendored_assets.py
// checks the manifest against the files and against package-lock.json.
//
//   cd frontend && npm ci --ignore-scripts && npm run vendor
//
// Source-map comments are removed from the copies: the maps are not shipped, and a browser with its
// developer tools open would otherwise ask the server for them.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const target = join(here, '..', 'app', 'static', 'vendor')
const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'))

const PACKAGES = {
  cytoscape: ['dist/cytoscape.min.js', 'LICENSE'],
  'swagger-ui-dist': [
    'swagger-ui-bundle.js',
    'swagger-ui-bundle.js.LICENSE.txt',
    'swagger-ui.css',
    'favicon-32x32.png',
    'LICENSE',
    'NOTICE',
  ],
}

const SOURCE_MAP = /\n?(\/\/# sourceMappingURL=\S+|\/\*# sourceMappingURL=\S+ ?\*\/)\s*$/

rmSync(target, { recursive: true, force: true })
const manifest = {}
for (const [name, files] of Object.entries(PACKAGES)) {
  const meta = JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8'))
  const locked = lock.packages[`node_modules/${name}`]
  if (!locked || locked.version !== meta.version) {
    throw new Error(`${name}: node_modules has ${meta.version}, package-lock.json ${locked?.version}; run npm ci`)
  }
  const out = join(target, name)
  mkdirSync(out, { recursive: true })
  const copied = {}
  for (const file of files) {
    let data = readFileSync(join(here, 'node_modules', name, file))
    if (/\.(js|css)$/.test(file)) {
      data = Buffer.from(data.toString('utf8').replace(SOURCE_MAP, '\n'))
    }
    const base = file.split('/').pop()
    writeFileSync(join(out, base), data)
    copied[base] = createHash('sha256').update(data).digest('hex')
  }
  manifest[name] = { version: meta.version, license: meta.license, integrity: locked.integrity, files: copied }
}
writeFileSync(join(target, 'MANIFEST.json'), JSON.stringify(manifest, null, 2) + '\n')
console.log(`vendored ${Object.keys(manifest).join(', ')} into ${target}`)

import path from 'node:path';
import ts from 'typescript';

// The guide asks every public function for a JSDoc line; this holds it for everything users can reach from the
// package's two entry points: exported functions, classes, their public members (constructors and overrides
// included), resources reached through a client's properties, and the hand-written interfaces and their fields.
// Generated models are documented by the spec and exported as types only, so they are left to the spec lint.

const root = path.join(__dirname, '..');
const entries = ['src/index.ts', 'src/emulator/index.ts'].map((file) => path.join(root, file));

function undocumented(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const program = ts.createProgram(entries, config!.options);
  const checker = program.getTypeChecker();
  const missing = new Set<string>();
  const visited = new Set<ts.ClassDeclaration>();
  const isHandWritten = (node: ts.Node) => node.getSourceFile().fileName.includes('/src/');
  const hasDoc = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).length > 0;
  const where = (node: ts.Node, name: string) => {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    return `${path.relative(root, file.fileName)}:${line + 1} ${name}`;
  };
  const check = (node: ts.Node, name: string) => {
    if (!hasDoc(node)) missing.add(where(node, name));
  };

  const visitClass = (decl: ts.ClassDeclaration, className: string) => {
    if (visited.has(decl)) return;
    visited.add(decl);
    for (const member of decl.members) {
      if (member.name && ts.isPrivateIdentifier(member.name)) continue;
      if (ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      const name = `${className}.${member.name ? member.name.getText() : 'constructor'}`;
      if (
        ts.isConstructorDeclaration(member) ||
        ts.isMethodDeclaration(member) ||
        ts.isGetAccessorDeclaration(member) ||
        ts.isSetAccessorDeclaration(member)
      ) {
        check(member, name);
      } else if (ts.isPropertyDeclaration(member)) {
        // A resource (`client.experiments`) is a class users reach only through this property.
        for (const target of checker.getTypeAtLocation(member).getSymbol()?.declarations ?? []) {
          if (ts.isClassDeclaration(target) && target.name && isHandWritten(target)) {
            check(member, name);
            visitClass(target, target.name.getText());
          }
        }
      }
    }
  };

  for (const entry of entries) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (let symbol of checker.getExportsOfModule(moduleSymbol)) {
      if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      for (const decl of symbol.declarations ?? []) {
        if (!isHandWritten(decl)) continue;
        if (ts.isFunctionDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) {
          check(decl, symbol.name);
        } else if (ts.isClassDeclaration(decl)) {
          check(decl, symbol.name);
          visitClass(decl, symbol.name);
        } else if (ts.isInterfaceDeclaration(decl)) {
          check(decl, symbol.name);
          for (const member of decl.members) check(member, `${symbol.name}.${member.name?.getText() ?? '[signature]'}`);
        } else if (ts.isVariableDeclaration(decl)) {
          if (!hasDoc(decl) && !hasDoc(decl.parent.parent)) missing.add(where(decl, symbol.name));
        }
      }
    }
  }
  return [...missing];
}

test('everything public from src/ has a JSDoc comment', () => {
  expect(undocumented()).toEqual([]);
}, 60_000);

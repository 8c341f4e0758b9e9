/**
 * What a new password must not be, beyond its length (the contract's NewPassword): one of the
 * passwords attackers try first, one character repeated, or the username. Deliberately short:
 * each rule has one sentence that tells the person what to change.
 */
let commonPasswords: Promise<ReadonlySet<string>> | null = null;

/**
 * The list of zxcvbn-ts (`@zxcvbn-ts/language-common`, MIT): about 49,000 passwords most often
 * found in public breaches, most common first. Loaded on first use, compared in lower case.
 */
function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then((module) => new Set((module.dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase())));
  return commonPasswords;
}

export async function passwordProblem(password: string, username: string): Promise<string | null> {
  const folded = password.normalize('NFKC').toLowerCase();
  if (folded.trim() === username.normalize('NFKC').trim().toLowerCase()) return 'The password cannot be the same as the username.';
  if (new Set(folded).size === 1) return 'The password cannot be one character repeated (like aaaaaaaaaa).';
  if ((await loadCommonPasswords()).has(folded)) return 'This password is on a list of common passwords that attackers try first. Choose another.';
  return null;
}

import type { CompletionTable } from './table.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const q = (s: string) => `'${s}'`;

/** One POSIX-shell function answering, for a key, the words the table holds (bash and zsh alike). */
function shLookup(name: string, map: Map<string, string[]>): string {
  const arms = [...map].filter(([, words]) => words.length).map(([key, words]) => `    ${q(key)}) printf '%s' ${q(words.join(' '))} ;;`);
  return [`${name}() {`, '  case "$1" in', ...arms, '  esac', '}'].join('\n');
}

function fishLookup(name: string, map: Map<string, string[]>): string {
  const arms = [...map]
    .filter(([, words]) => words.length)
    .map(([key, words]) => `        case ${q(key)}\n            printf '%s\\n' ${words.map(q).join(' ')}`);
  return [`function ${name}`, '    switch "$argv[1]"', ...arms, '    end', 'end'].join('\n');
}

/** The lookups and the walk over the words typed, shared by bash and zsh. */
function shCommon(t: CompletionTable, f: string): string {
  return [
    shLookup(`${f}_subs`, t.subs),
    shLookup(`${f}_opts`, t.options),
    shLookup(`${f}_valopts`, t.valueOptions),
    shLookup(`${f}_choices`, t.choices),
    `${f}_has() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }`,
    '',
    '# The command path the words typed so far name; an option\'s value is not taken for a command.',
    `${f}_path() {`,
    `  local cmdpath=${q(t.program)} skip=0 w`,
    '  for w in "$@"; do',
    '    if [ "$skip" = 1 ]; then skip=0; continue; fi',
    '    case "$w" in',
    `      -*) ${f}_has "$(${f}_valopts "$cmdpath")" "$w" && skip=1; continue ;;`,
    '    esac',
    `    if ${f}_has "$(${f}_subs "$cmdpath")" "$w"; then cmdpath="$cmdpath $w"; fi`,
    '  done',
    '  printf \'%s\' "$cmdpath"',
    '}',
    '',
    '# The words that fit at PATH after PREV; status 1 where a file name fits instead.',
    `${f}_candidates() {`,
    '  local list',
    `  if ${f}_has "$(${f}_valopts "$1")" "$2"; then`,
    `    list=$(${f}_choices "$1|$2")`,
    '    [ -n "$list" ] && printf \'%s\' "$list" && return 0',
    '    return 1',
    '  fi',
    `  case "$3" in -*) ${f}_opts "$1"; return 0 ;; esac`,
    `  list=$(${f}_subs "$1")`,
    `  [ -n "$list" ] || list=$(${f}_choices "$1|")`,
    '  [ -n "$list" ] && printf \'%s\' "$list" && return 0',
    '  return 1',
    '}',
  ].join('\n');
}

function bash(t: CompletionTable): string {
  const f = `_${t.program}`;
  return [
    `# ${t.program} completion for bash, printed by "${t.program} completion bash" from its own commands.`,
    `# Load it with: source <(${t.program} completion bash)`,
    '',
    shCommon(t, f),
    '',
    `${f}() {`,
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmdpath list',
    '  [ "$COMP_CWORD" -gt 1 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"',
    `  cmdpath=$(${f}_path "\${COMP_WORDS[@]:1:COMP_CWORD-1}")`,
    `  if list=$(${f}_candidates "$cmdpath" "$prev" "$cur"); then`,
    '    COMPREPLY=($(compgen -W "$list" -- "$cur"))',
    '  else',
    '    compopt -o filenames 2>/dev/null',
    '    mapfile -t COMPREPLY < <(compgen -f -- "$cur")',
    '  fi',
    '}',
    `complete -F ${f} ${t.program}`,
    '',
  ].join('\n');
}

function zsh(t: CompletionTable): string {
  const f = `_${t.program}`;
  return [
    `#compdef ${t.program}`,
    `# ${t.program} completion for zsh, printed by "${t.program} completion zsh" from its own commands.`,
    `# Load it with: source <(${t.program} completion zsh)   (after compinit), or save it as _${t.program} in a folder of $fpath.`,
    '',
    shCommon(t, f),
    '',
    `${f}() {`,
    '  local cur="${words[CURRENT]}" prev="" cmdpath list',
    '  (( CURRENT > 2 )) && prev="${words[CURRENT-1]}"',
    `  cmdpath=$(${f}_path "\${(@)words[2,CURRENT-1]}")`,
    `  if list=$(${f}_candidates "$cmdpath" "$prev" "$cur"); then`,
    '    compadd -- ${=list}',
    '  else',
    '    _files',
    '  fi',
    '}',
    '',
    `if [ "$funcstack[1]" = "${f}" ]; then`,
    `  ${f} "$@"`,
    'else',
    '  (( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }',
    `  compdef ${f} ${t.program}`,
    'fi',
    '',
  ].join('\n');
}

function fish(t: CompletionTable): string {
  const f = `__${t.program}`;
  return [
    `# ${t.program} completion for fish, printed by "${t.program} completion fish" from its own commands.`,
    `# Load it with: ${t.program} completion fish | source   (or save it as ~/.config/fish/completions/${t.program}.fish)`,
    '',
    fishLookup(`${f}_subs`, t.subs),
    fishLookup(`${f}_opts`, t.options),
    fishLookup(`${f}_valopts`, t.valueOptions),
    fishLookup(`${f}_choices`, t.choices),
    '',
    `function ${f}_complete`,
    '    set -l tokens (commandline -opc)',
    '    set -l cur (commandline -ct)',
    `    set -l cmdpath ${q(t.program)}`,
    '    set -l skip 0',
    '    set -l prev ""',
    '    for w in $tokens[2..-1]',
    '        set prev $w',
    '        if test $skip = 1',
    '            set skip 0',
    '        else if string match -q -- "-*" $w',
    `            contains -- $w (${f}_valopts "$cmdpath"); and set skip 1`,
    `        else if contains -- $w (${f}_subs "$cmdpath")`,
    '            set cmdpath "$cmdpath $w"',
    '        end',
    '    end',
    '    set -l list',
    `    if test -n "$prev"; and contains -- $prev (${f}_valopts "$cmdpath")`,
    `        set list (${f}_choices "$cmdpath|$prev")`,
    '    else if string match -q -- "-*" $cur',
    `        set list (${f}_opts "$cmdpath")`,
    '    else',
    `        set list (${f}_subs "$cmdpath")`,
    `        test -n "$list"; or set list (${f}_choices "$cmdpath|")`,
    '    end',
    '    if test -n "$list"',
    '        printf \'%s\\n\' $list',
    '    else',
    '        __fish_complete_path $cur',
    '    end',
    'end',
    `complete -c ${t.program} -f -a '(${f}_complete)'`,
    '',
  ].join('\n');
}

export function completionScript(shell: Shell, t: CompletionTable): string {
  return shell === 'bash' ? bash(t) : shell === 'zsh' ? zsh(t) : fish(t);
}

/**
 * A message with the outside values it quotes (ids, keys, tenants) kept apart from its own words, so that each
 * output shows them safely in its own way: made printable for a terminal, code-spanned for Markdown.
 */
export class Quoted {
    constructor(
        private readonly words: readonly string[],
        private readonly values: readonly string[],
    ) {}

    render(show: (value: string) => string): string {
        return this.words.reduce((text, word, i) => text + word + (i < this.values.length ? show(this.values[i]) : ""), "");
    }
}

/** quoted`${key} is ${id}`: the interpolated values are the quoted ones. */
export function quoted(words: TemplateStringsArray, ...values: string[]): Quoted {
    return new Quoted([...words], values);
}

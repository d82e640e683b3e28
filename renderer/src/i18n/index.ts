import { useSyncExternalStore } from 'react'
import type { Lang } from '../../../contract/errors'
import { localeOf } from '../format'
import { en } from './en'
import { ru, type Resources } from './ru'

// The screens' words. This was i18next with react-i18next: 55 KB of the start screen's 131 KB
// of script, evaluated before the keypad shows, for what the screens use of it: nested keys,
// {{name}} placeholders and plural forms. Those three are below, in a few lines, typed against
// the Russian texts so a wrong key fails the type check (README, "Benchmarks").

type Tree = { readonly [key: string]: string | Tree }

// every dotted path to a text: 'app.title', 'order.progress.printed'
type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Paths<T[K], `${Prefix}${K}.`>
}[keyof T & string]

type PluralForm = Intl.LDMLPluralRule
// 'order.spoiled' stands for order.spoiled_one, _few, _many and _other
type PluralFamily<P> = P extends `${infer Base}_${PluralForm}` ? Base : never

export type MessageKey = Paths<Resources> | PluralFamily<Paths<Resources>>
export type MessageValues = Readonly<Record<string, string | number | undefined>>
export type Translate = (key: MessageKey, values?: MessageValues) => string

const texts: Record<Lang, Tree> = { ru, en }
const pluralRules = new Map<Lang, Intl.PluralRules>()

let language: Lang = 'ru'
const listeners = new Set<() => void>()

function lookUp(tree: Tree, path: string): string | undefined {
  let node: string | Tree | undefined = tree

  for (const part of path.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined
    node = node[part]
  }

  return typeof node === 'string' ? node : undefined
}

function pluralFormOf(lang: Lang, count: number): PluralForm {
  let rules = pluralRules.get(lang)
  if (!rules) {
    rules = new Intl.PluralRules(localeOf(lang))
    pluralRules.set(lang, rules)
  }

  return rules.select(count)
}

// a count picks the plural form first; the key itself is the text for every count otherwise
function textOf(lang: Lang, key: string, count: unknown): string | undefined {
  const tree = texts[lang]

  if (typeof count === 'number') {
    const form = lookUp(tree, `${key}_${pluralFormOf(lang, count)}`)
    if (form !== undefined) return form

    const other = lookUp(tree, `${key}_other`)
    if (other !== undefined) return other
  }

  return lookUp(tree, key)
}

export function translate(lang: Lang, key: MessageKey, values: MessageValues = {}): string {
  // an English text not written yet shows in Russian rather than as its key
  const text = textOf(lang, key, values['count']) ?? textOf('ru', key, values['count'])

  if (text === undefined) return key

  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ''))
}

export function currentLanguage(): Lang {
  return language
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)

  return () => listeners.delete(listener)
}

// the screens re-render when the customer switches the language
export function useTranslation(): { t: Translate; lang: Lang } {
  const lang = useSyncExternalStore(subscribe, currentLanguage)

  return { t: (key, values) => translate(lang, key, values), lang }
}

export function switchLanguage(lang: Lang): void {
  // setting the attribute, even to the same value, makes Blink restyle the page: ~3 ms
  const page = document.documentElement
  if (page.lang !== lang) page.lang = lang

  if (language === lang) return

  language = lang
  for (const listener of listeners) listener()
}

import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Lang } from '../../../contract/errors'
import { en } from './en'
import { ru, type Resources } from './ru'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: Resources }
  }
}

export async function initI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: 'ru',
    fallbackLng: 'ru',
    supportedLngs: ['ru', 'en'],
    resources: { ru: { translation: ru }, en: { translation: en } },
    // React escapes every string it renders
    interpolation: { escapeValue: false },
    // the resources are in the bundle: no reason to wait a turn of the event loop for them,
    // and on a busy kiosk that turn held the first screen back by tens of milliseconds
    initAsync: false,
  })
}

export async function switchLanguage(lang: Lang): Promise<void> {
  document.documentElement.lang = lang

  if (i18next.language !== lang) await i18next.changeLanguage(lang)
}

import { describe, expect, it } from 'vitest';
import { dateOrderSetting, saveDateOrder, stationLocale } from '../../../electron/engine/config/date-order-setting.js';
import { StationConfigFile } from '../../../electron/engine/config/station-config-file.js';
import { SettingsRepository } from '../../../electron/engine/db/repositories/settings.js';
import { dateOrderOfLocale, localeTag } from '../../../shared/domain/date-order.js';
import { memoryDatabase } from '../../support/memory-database.js';

describe('the default date order is a function of the locale', () => {
  it('is month first where the locale writes dates so (the US, the Philippines)', () => {
    for (const locale of ['en-US', 'en_US.UTF-8', 'en_US', 'en-PH', 'en_US.utf8@posix']) expect(dateOrderOfLocale(locale), locale).toBe('month-first');
  });

  it('is day first for most of the world', () => {
    for (const locale of ['en-GB', 'en_GB.UTF-8', 'de_DE.UTF-8', 'de_DE@euro', 'fr_FR', 'es-MX', 'pt-BR', 'en-AU', 'en-IN', 'nl-NL', 'it_IT.UTF-8']) {
      expect(dateOrderOfLocale(locale), locale).toBe('day-first');
    }
  });

  it('is year first where the locale writes the year first', () => {
    for (const locale of ['ja_JP.UTF-8', 'zh-CN', 'ko-KR', 'sv_SE.UTF-8', 'hu-HU', 'en-CA']) expect(dateOrderOfLocale(locale), locale).toBe('year-first');
  });

  it('reads the C locale as POSIX writes it (month first), and an unknown or missing locale as day first', () => {
    expect(dateOrderOfLocale('C')).toBe('month-first');
    expect(dateOrderOfLocale('C.UTF-8')).toBe('month-first');
    expect(dateOrderOfLocale('POSIX')).toBe('month-first');
    expect(dateOrderOfLocale('')).toBe('day-first');
    expect(dateOrderOfLocale(null)).toBe('day-first');
    expect(dateOrderOfLocale('zz_ZZ')).toBe('day-first');
    expect(dateOrderOfLocale('not a locale!')).toBe('day-first');
  });

  it('turns POSIX locale names into language tags', () => {
    expect(localeTag('en_US.UTF-8')).toBe('en-US');
    expect(localeTag('sr_RS@latin')).toBe('sr-RS');
    expect(localeTag('C.UTF-8')).toBeNull();
  });
});

describe('the locale a station reads', () => {
  it('takes the desktop’s system locale first, then LC_ALL, LC_TIME and LANG, as POSIX does for dates', () => {
    const env = { LC_ALL: 'de_DE.UTF-8', LC_TIME: 'en_GB.UTF-8', LANG: 'en_US.UTF-8' };
    expect(stationLocale(env, 'en-US')).toEqual({ locale: 'en-US', from: 'system locale' });
    expect(stationLocale(env)).toEqual({ locale: 'de_DE.UTF-8', from: 'LC_ALL' });
    expect(stationLocale({ ...env, LC_ALL: '' })).toEqual({ locale: 'en_GB.UTF-8', from: 'LC_TIME' });
    expect(stationLocale({ LANG: 'en_US.UTF-8' })).toEqual({ locale: 'en_US.UTF-8', from: 'LANG' });
    expect(stationLocale({}, undefined, 'fr-FR')).toEqual({ locale: 'fr-FR', from: 'runtime default' });
  });
});

describe('the station’s date order', () => {
  const settings = () => {
    const db = memoryDatabase();
    return new SettingsRepository(db);
  };
  const us = { locale: 'en_US.UTF-8', from: 'LANG' };

  it('follows the locale until an administrator chooses, and goes back to it when the choice is cleared', () => {
    const s = settings();
    expect(dateOrderSetting(s, { locale: us })).toEqual({ order: 'month-first', source: 'locale', localeDefault: 'month-first', locale: 'en_US.UTF-8', localeFrom: 'LANG' });
    saveDateOrder(s, 'day-first');
    expect(dateOrderSetting(s, { locale: us })).toMatchObject({ order: 'day-first', source: 'settings', localeDefault: 'month-first' });
    saveDateOrder(s, null);
    expect(dateOrderSetting(s, { locale: us })).toMatchObject({ order: 'month-first', source: 'locale' });
  });

  it('lets the config file win over Settings, and the command line over both', () => {
    const s = settings();
    saveDateOrder(s, 'day-first');
    expect(dateOrderSetting(s, { configFile: 'year-first', locale: us })).toMatchObject({ order: 'year-first', source: 'config-file' });
    expect(dateOrderSetting(s, { commandLine: 'month-first', configFile: 'year-first', locale: us })).toMatchObject({ order: 'month-first', source: 'command-line' });
  });

  it('is a key of chartdesk.json, and a wrong value is refused', () => {
    expect(StationConfigFile.parse({ dates: { order: 'day-first' } })).toEqual({ dates: { order: 'day-first' } });
    expect(StationConfigFile.safeParse({ dates: { order: 'dd/mm/yyyy' } }).success).toBe(false);
  });
});

import { tableOf } from '../../src/formats/tabular.js';
import fs from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/open.js';
import { addCandidates } from '../../src/domain/candidates/candidate-admin.js';
import { createExam } from '../../src/domain/exams/create.js';
import { listEvents } from '../../src/domain/log/events.js';
import { checkGroups, createGroup, generatePassword, importGroups, joinGroup, leaveGroup, listGroups } from '../../src/domain/candidates/groups.js';
import { ConflictError, NotFoundError, NotPermittedError, UsageError, ValidationError } from '../../src/errors.js';
import type { User } from '../../src/domain/people/users.js';
import { freshDbPath, openDb, databaseHolds } from '../helpers.js';
import { addUser, count, errorOf } from './exams-support.js';

const now = new Date('2026-09-01T08:00:00Z');
let file: string;
let db: Db;
let planner: User;
let ola: User;
let kari: User;
let nils: User;
beforeEach(() => {
  file = freshDbPath();
  db = openDb(file);
  planner = addUser(db, 'per', { roles: ['planner'] });
  ola = addUser(db, 'ola', { kind: 'student' });
  kari = addUser(db, 'kari', { kind: 'student' });
  nils = addUser(db, 'nils', { kind: 'student' });
  for (const [code, mode] of [['OPEN', 'open'], ['PW', 'password'], ['PRE', 'predefined'], ['NONE', 'none']] as const) {
    createExam(db, planner, code, { course: 'C', year: 2026, term: 'autumn', title: code, groupMode: mode }, now);
    addCandidates(db, planner, code, ['1'], { student: 'ola' }, now);
    addCandidates(db, planner, code, ['2'], { student: 'kari' }, now);
    addCandidates(db, planner, code, ['3'], {}, now);
  }
});

describe('passwords', () => {
  it('are 16 characters with digits, letters and symbols, every time', () => {
    for (let i = 0; i < 500; i++) {
      const pw = generatePassword();
      expect(pw).toHaveLength(16);
      expect(pw).toMatch(/\d/);
      expect(pw).toMatch(/[A-Za-z]/);
      expect(pw).toMatch(/[^A-Za-z0-9]/);
    }
  });
});

describe('open groups', () => {
  it('a student creates one under a 4-digit PIN (its name) and is in it; another joins with the PIN', () => {
    expect(createGroup(db, ola, 'OPEN', { pin: '0420' }, now)).toEqual({ group: '0420', pin: '0420', member: '1' });
    expect(joinGroup(db, kari, 'OPEN', '0420', '2', undefined, now)).toMatchObject({ group: '0420', changed: true });
    expect(listGroups(db, planner, 'OPEN')).toEqual([{ group: '0420', pin: '0420', members: ['1', '2'] }]);
  });

  it('a malformed PIN is 2, a taken PIN 5, an unknown group 4, and nothing changes', () => {
    expect(errorOf(() => createGroup(db, ola, 'OPEN', { pin: '12a4' }, now))).toBeInstanceOf(ValidationError);
    createGroup(db, ola, 'OPEN', { pin: '1234' }, now);
    expect(errorOf(() => createGroup(db, kari, 'OPEN', { pin: '1234' }, now))).toBeInstanceOf(ConflictError);
    expect(errorOf(() => joinGroup(db, kari, 'OPEN', '123', '2', undefined, now))).toBeInstanceOf(ValidationError);
    expect(errorOf(() => joinGroup(db, kari, 'OPEN', '9999', '2', undefined, now))).toBeInstanceOf(NotFoundError);
    expect(count(db, `SELECT count(*) AS n FROM candidates c JOIN exams e ON e.id = c.exam_id WHERE e.code = 'OPEN' AND group_id IS NOT NULL`)).toBe(1);
  });

  it('a student acts only for its own candidate; a planner for anyone', () => {
    createGroup(db, ola, 'OPEN', { pin: '1111' }, now);
    expect(errorOf(() => joinGroup(db, kari, 'OPEN', '1111', '3', undefined, now))).toBeInstanceOf(NotPermittedError);
    expect(errorOf(() => joinGroup(db, nils, 'OPEN', '1111', '3', undefined, now)).message).toContain('not a candidate');
    expect(joinGroup(db, planner, 'OPEN', '1111', '3', undefined, now).changed).toBe(true);
  });

  it('joining another group moves the candidate (logged); leaving is logged; check lists who is in no group', () => {
    createGroup(db, ola, 'OPEN', { pin: '1111' }, now);
    createGroup(db, kari, 'OPEN', { pin: '2222' }, now);
    expect(joinGroup(db, ola, 'OPEN', '2222', '1', undefined, now)).toMatchObject({ from: '1111', group: '2222' });
    const moves = listEvents(db, { kind: 'groups.join' }).filter((e) => e.subject === '1');
    expect(moves.at(-1)).toMatchObject({ old: { group: '1111' }, new: { group: '2222' } });
    leaveGroup(db, kari, 'OPEN', undefined, now);
    expect(listEvents(db, { kind: 'groups.leave' })).toHaveLength(1);
    const f = checkGroups(db, planner, 'OPEN').findings;
    expect(f.map((x) => [x.kind, x.items])).toEqual([
      ['candidate-without-group', ['2', '3']],
      ['empty-group', ['1111']],
    ]);
  });
});

describe('password groups', () => {
  it('joining needs PIN and password; a wrong one is 3; the password is never in the database file', () => {
    const g = createGroup(db, ola, 'PW', { pin: '4321' }, now);
    expect(g.password).toHaveLength(16);
    expect(errorOf(() => joinGroup(db, kari, 'PW', '4321', '2', undefined, now))).toBeInstanceOf(UsageError);
    expect(errorOf(() => joinGroup(db, kari, 'PW', '4321', '2', g.password!.slice(1) + 'x', now))).toBeInstanceOf(NotPermittedError);
    expect(count(db, `SELECT count(*) AS n FROM candidates c JOIN exams e ON e.id = c.exam_id WHERE e.code = 'PW' AND group_id IS NOT NULL`)).toBe(1);
    expect(joinGroup(db, kari, 'PW', '4321', '2', g.password, now).changed).toBe(true);
    const row = db.prepare(`SELECT password_hash, password_salt FROM groups WHERE name = '4321'`).get() as { password_hash: string; password_salt: string };
    expect(row.password_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.password_salt).toMatch(/^[0-9a-f]{32}$/);
    db.close();
    expect(databaseHolds(file, g.password!)).toBe(false);
    db = openDb(file);
    expect(JSON.stringify(listEvents(db))).not.toContain(g.password!);
  });
});

describe('predefined groups', () => {
  it('only the office builds them; students are refused with 3', () => {
    expect(errorOf(() => createGroup(db, ola, 'PRE', { name: 'A' }, now)).message).toContain('predefined by the exam office');
    expect(createGroup(db, planner, 'PRE', { name: 'A' }, now)).toMatchObject({ group: 'A', pin: null, member: null });
    expect(errorOf(() => joinGroup(db, ola, 'PRE', 'A', '1', undefined, now))).toBeInstanceOf(NotPermittedError);
    expect(joinGroup(db, planner, 'PRE', 'A', '1', undefined, now).changed).toBe(true);
  });

  it('imports groups from a file, all or nothing, moving candidates (logged)', () => {
    createGroup(db, planner, 'PRE', { name: 'A' }, now);
    joinGroup(db, planner, 'PRE', 'A', '1', undefined, now);
    const t = (rows: (string | number)[][]) => tableOf('g.csv', rows);
    const bad = errorOf(() => importGroups(db, planner, 'PRE', t([['gruppe', 'kandidatnummer'], ['B', 1], ['', 2], ['C', 9], ['B', 1]]), now)) as ValidationError;
    expect(bad.issues.map((i) => [i.row, i.column])).toEqual([
      [3, 'A (gruppe)'],
      [4, 'B (kandidatnummer)'],
      [5, 'B (kandidatnummer)'],
    ]);
    const r = importGroups(db, planner, 'PRE', t([['group', 'candidate number'], ['B', 1], ['B', 2], ['Alone', 3]]), now);
    expect(r).toEqual({ test: 'PRE', groupsCreated: ['B', 'Alone'], assigned: 2, moved: 1, unchanged: 0 });
    expect(listGroups(db, planner, 'PRE')).toEqual([
      { group: 'A', pin: null, members: [] },
      { group: 'Alone', pin: null, members: ['3'] },
      { group: 'B', pin: null, members: ['1', '2'] },
    ]);
    expect(listEvents(db, { kind: 'groups.import' })[0]!.new).toMatchObject({ moved: [{ candidate: '1', from: 'A', to: 'B' }] });
  });

  it('a test with no group mode refuses group commands with 5', () => {
    expect(errorOf(() => createGroup(db, planner, 'NONE', { name: 'A' }, now))).toBeInstanceOf(ConflictError);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INFO_CATEGORIES } from '../../contracts/access';
import { clinical, socialDetail } from '../../contracts/sensitivity';
import { redactFor } from './redaction';

// A situation-like contract: general fields for everyone, social details, clinical fields nested at
// several depths (the shape situations will have in the commission workflow).
const noteSchema = z.object({
  at: z.string(),
  text: z.string(),
  careDetail: clinical(z.string()),
});
const personSchema = z.object({
  id: z.string(),
  housing: z.object({ landlord: z.string(), rentArrears: socialDetail(z.number()) }),
  diagnosis: clinical(z.string()),
  treatment: clinical(z.object({ drug: z.string(), since: z.string() }).nullable()),
  notes: z.array(noteSchema),
  followUp: z.union([z.object({ kind: z.literal('cmp'), hospitalisation: clinical(z.string()) }), z.null()]),
});
type Person = z.infer<typeof personSchema>;

const person: Person = {
  id: 's1',
  housing: { landlord: 'Bailleur', rentArrears: 1200 },
  diagnosis: 'clinical-diagnosis',
  treatment: { drug: 'clinical-drug', since: '2025' },
  notes: [{ at: '2026-01-01', text: 'visite', careDetail: 'clinical-note' }],
  followUp: { kind: 'cmp', hospitalisation: 'clinical-hospitalisation' },
};

describe('redaction by information category', () => {
  it('gives health professionals everything', () => {
    expect(redactFor(personSchema, person, 'health')).toEqual(person);
  });

  it('never gives a landlord a clinical or social field, at any depth, and stays valid', () => {
    const seen = redactFor(personSchema, person, 'landlord');
    expect(JSON.stringify(seen)).not.toContain('clinical-');
    expect(seen.housing).toEqual({ landlord: 'Bailleur' });
    expect(seen.notes[0]).toEqual({ at: '2026-01-01', text: 'visite' });
    expect(personSchema.parse(seen)).toEqual(seen);
  });

  it('gives social professionals social details but no clinical field', () => {
    const seen = redactFor(personSchema, person, 'social');
    expect(seen.housing.rentArrears).toBe(1200);
    expect(JSON.stringify(seen)).not.toContain('clinical-');
  });

  it('holds for 500 random records and every category', () => {
    let seed = 20261123;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const word = () => `clinical-${Math.floor(random() * 1e6)}`;
    const maybe = <T>(make: () => T): T | null => (random() < 0.3 ? null : make());
    for (let i = 0; i < 500; i++) {
      const p: Person = {
        id: String(i),
        housing: { landlord: 'B', rentArrears: Math.floor(random() * 5000) },
        diagnosis: word(),
        treatment: maybe(() => ({ drug: word(), since: '2024' })),
        notes: Array.from({ length: Math.floor(random() * 4) }, () => ({
          at: 'x',
          text: 't',
          careDetail: word(),
        })),
        followUp: maybe(() => ({ kind: 'cmp' as const, hospitalisation: word() })),
      };
      for (const category of [...INFO_CATEGORIES, null]) {
        const seen = redactFor(personSchema, p, category);
        if (category !== 'health') expect(JSON.stringify(seen)).not.toContain('clinical-');
        else expect(seen).toEqual(p);
        expect(() => personSchema.parse(seen)).not.toThrow();
      }
    }
  });
});

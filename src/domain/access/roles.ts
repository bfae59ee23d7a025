/** The seven system roles and the modules each opens. */
export const ROLES = [
  'user-administrator',
  'planner',
  'author',
  'grader',
  'invigilator',
  'chief-invigilator',
  'reporter',
] as const;
export type Role = (typeof ROLES)[number];

export const MODULES = ['Author', 'Deliver', 'Monitor', 'Grade', 'Reports', 'User administration'] as const;
export type Module = (typeof MODULES)[number];

export const ROLE_MODULES: Record<Role, Module[]> = {
  'user-administrator': ['User administration'],
  planner: ['Deliver', 'Monitor', 'Grade'],
  author: ['Author'],
  grader: ['Grade'],
  invigilator: ['Monitor'],
  'chief-invigilator': ['Deliver', 'Monitor'],
  reporter: ['Reports'],
};

/** Batch-assignment profiles from the exam system's FAQ. */
export const PROFILES = {
  academic: ['author', 'grader'],
  'external-grader': ['grader'],
  administrative: ['planner', 'author', 'grader'],
} as const satisfies Record<string, readonly Role[]>;
export type Profile = keyof typeof PROFILES;

/** Contributor roles on a test. */
export const CONTRIBUTOR_ROLES = ['planner', 'chief-invigilator', 'invigilator', 'grader', 'reporter'] as const;
export type ContributorRole = (typeof CONTRIBUTOR_ROLES)[number];

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
export function isContributorRole(s: string): s is ContributorRole {
  return (CONTRIBUTOR_ROLES as readonly string[]).includes(s);
}

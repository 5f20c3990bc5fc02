/** National numbers shown on every answer (facts, not demo data). */
export const EMERGENCY_NUMBERS = [
  {
    number: '15',
    label: 'SAMU — urgence médicale',
    when: 'Danger vital, crise aiguë, mise en danger de soi',
  },
  {
    number: '112',
    label: "Numéro d'urgence européen",
    when: 'Toute urgence, depuis n’importe quel téléphone',
  },
  {
    number: '3114',
    label: 'Numéro national de prévention du suicide',
    when: '24 h/24, 7 j/7, gratuit : personne en détresse, proches et professionnels',
  },
];

/** "What to do now" for people who are not clinicians (landlord staff, social workers, neighbours). */
export const GUIDANCE = [
  'Danger immédiat pour la personne ou pour autrui : appelez le 15 (ou le 112). En cas de violence en cours, le 17.',
  'Idées suicidaires, détresse : le 3114 répond jour et nuit, aussi aux proches et aux professionnels qui s’inquiètent pour quelqu’un.',
  'Sans urgence vitale : appelez le CMP du secteur aux heures d’ouverture. Il conseille les professionnels et l’entourage, même si la personne n’est pas encore suivie.',
  'Pour les difficultés de logement, de ressources ou d’accès aux droits : contactez le service social indiqué.',
  'Notez les faits observés (dates, comportements, risques) sans diagnostic, et ne transmettez que ce qui est nécessaire.',
];

/** Drug interactions (spec feature 48): drug classes and the allergy / cross-reactivity rules before a dose (pure). */
export {
  CLASS_WORDS,
  DRUG_CLASS_MEMBERS,
  allergenClasses,
  allergenNamesDrug,
  allergyClasses,
  classesOfName,
  drugIdentity,
  matchAllergy,
  type AllergyCrossReference,
  type AllergyFacts,
  type AllergyRuleMatch,
  type DrugFacts,
  type DrugIdentity,
} from './allergy-rules';

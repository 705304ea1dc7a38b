import { v7 as uuidv7 } from 'uuid';
import type { District } from './support';

/** The district's catalog: the definitions these tests raise (the alerts feature seeds the real ones). */
export async function addAlertDefinitions(district: District): Promise<void> {
  const def = (
    code: string,
    name: string,
    category: 'HEALTH_EMERGENCY' | 'MEDICATION' | 'COMPLIANCE',
    priority: 'MEDIUM' | 'HIGH' | 'CRITICAL' | 'EMERGENCY',
    dismiss: boolean,
    template: string,
  ) => ({
    id: uuidv7(),
    alert_code: code,
    alert_name: name,
    alert_category: category,
    priority_level: priority,
    alert_conditions: JSON.stringify({ trigger: code.toLowerCase() }),
    delivery_channels: JSON.stringify(['IN_APP']),
    message_template: template,
    can_user_dismiss: dismiss,
    require_acknowledgment: !dismiss,
  });
  await district.h.db
    .insertInto('alert_definitions')
    .values([
      def(
        'EMERGENCY_HEALTH',
        'Health emergency at school',
        'HEALTH_EMERGENCY',
        'EMERGENCY',
        false,
        'EMERGENCY: {{student_name}} - {{complaint}}.',
      ),
      def(
        'MEDICATION_MISSED',
        'Scheduled medication not given',
        'MEDICATION',
        'HIGH',
        false,
        '{{student_name}} did not receive {{medication}} scheduled at {{scheduled_time}}.',
      ),
      def(
        'IMMUNIZATION_OVERDUE',
        'Required immunization overdue',
        'COMPLIANCE',
        'MEDIUM',
        true,
        '{{student_name}} is overdue for {{vaccine}} dose {{dose}} (due {{due_date}}).',
      ),
      def(
        'CONTRAINDICATED_OVERRIDE',
        'Contraindicated medication given',
        'MEDICATION',
        'CRITICAL',
        false,
        '{{medication}} given to {{student_name}} despite {{allergen}}: {{reason}}',
      ),
    ])
    .execute();
}

/**
 * What a platform's running configuration holds before anyone configures it: entries the system
 * creates itself. Huawei NE8000: the MPU boards (huawei-devm `mpu-boards/mpu-board[position]`,
 * "generated-by system"), which is where a cpu-defend policy is bound — without them the driver
 * has no board to bind its ICMP CPCAR policy to. Positions 9 and 10 are the two MPU slots of an
 * NE8000 M8 as the schema bed seeds them (test/peers/yang/overlay/huawei/startup-seed.xml).
 */
import type { Platform } from '../../../config/agent/model.js';
import { parseXml } from '../../../drivers/netconf/xml-parse.js';
import type { XmlElement } from '../../../drivers/netconf/xml.js';

const HUAWEI_BOARDS = `<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
  <devm xmlns="urn:huawei:yang:huawei-devm"><mpu-boards>
    <mpu-board><position>9</position></mpu-board>
    <mpu-board><position>10</position></mpu-board>
  </mpu-boards></devm>
</config>`;

/** The system-created entries of `platform` as an edit to merge into an empty datastore, or undefined (none modelled). */
export function systemEntriesOf(platform: Platform): XmlElement | undefined {
  return platform === 'huawei-vrp' ? parseXml(HUAWEI_BOARDS) : undefined;
}

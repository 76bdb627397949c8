/**
 * Every failure the technician's self-tests and device discovery can report, with a stable code and
 * the fix in plain Chinese. One table, read by the wizard screen, the `cunzhan` command and the
 * operations guide, so a code always comes with the same advice wherever it shows.
 *
 * Pure module (rules/): no Node, DOM or Electron imports.
 */
export const SELF_TEST_CODES = [
  'port_permission_denied',
  'port_busy',
  'port_missing',
  'sam_no_answer',
  'card_not_present',
  'card_read_failed',
  'printer_status_silent',
  'printer_paper_out',
  'printer_cover_open',
  'printer_offline',
  'scanner_keyboard_layout',
  'scanner_no_read',
  'scanner_code_mismatch',
  'camera_no_read',
  'camera_unavailable',
] as const;
export type SelfTestCode = (typeof SELF_TEST_CODES)[number];

export interface SelfTestFix {
  readonly code: SelfTestCode;
  /** What went wrong, in one short line. */
  readonly problem: string;
  /** What to do, step by step; `{port}`, `{holder}`, `{bauds}`, `{device}` are filled from the failure's details. */
  readonly fix: string;
  /** Problem and fix in one sentence, so a fix is also a `Failure` (rules/result.ts). */
  readonly message: string;
}

/** Details a failure may carry to make its fix concrete; never personal data. */
export interface FixDetails {
  /** Device path, e.g. /dev/serial/by-id/usb-…, /dev/usb/lp0, or a host:port. */
  readonly port?: string;
  /** The program holding the port, e.g. `brltty (进程 812)`. */
  readonly holder?: string;
  /** Baud rates tried, e.g. `115200、57600、9600`. */
  readonly bauds?: string;
  /** USB VID:PID, e.g. 0c2e:0b61. */
  readonly device?: string;
}

const FIXES: Readonly<Record<SelfTestCode, Omit<SelfTestFix, 'code' | 'message'>>> = {
  port_permission_denied: {
    problem: '没有权限打开设备 {port}',
    fix:
      '把终端用户加入设备所属的组：串口设备运行 sudo usermod -aG dialout cunzhan，打印机运行 sudo usermod -aG lp cunzhan，' +
      '扫码枪运行 sudo usermod -aG plugdev cunzhan；或安装运维手册里的 udev 规则（/etc/udev/rules.d/70-cunzhan-*.rules），' +
      '再运行 sudo udevadm control --reload && sudo udevadm trigger，然后重新插拔设备并重启终端。',
  },
  port_busy: {
    problem: '设备 {port} 正被其他程序占用：{holder}',
    fix:
      '关闭占用它的程序（盲文程序 brltty 常占用 USB 串口：sudo apt purge brltty；ModemManager：sudo systemctl disable --now ModemManager），' +
      '或在终端上运行 sudo fuser -v {port} 查看占用者，然后重新测试。',
  },
  port_missing: {
    problem: '找不到设备 {port}',
    fix: '检查 USB 线是否插好、设备是否通电；换一个 USB 口后点“重新查找设备”。',
  },
  sam_no_answer: {
    problem: '串口 {port} 上没有读卡器（SAM）应答，已试过波特率 {bauds}',
    fix: '检查读卡器电源灯是否亮、数据线是否插紧；读卡器的波特率应为 115200 或手册上写的值；仍不行请换一根数据线再试。',
  },
  card_not_present: {
    problem: '读卡器上没有身份证',
    fix: '把您自己的身份证平放在读卡器感应区中央，不要移动，再点“读卡测试”。',
  },
  card_read_failed: {
    problem: '身份证读取失败',
    fix: '把身份证拿开再重新放好后重试；多次失败请换一张身份证，仍不行请更换读卡器。',
  },
  printer_status_silent: {
    problem: '打印机 {port} 不回答状态查询',
    fix:
      '有些打印机（多为 USB 仿制机）只能写、不能回答。可以在设备设置里关闭“状态查询”（statusQueries: false）：' +
      '关闭后仍能打印，但终端无法发现缺纸、开盖，村民可能拿不到回执而终端不知道，请每天检查纸量。',
  },
  printer_paper_out: {
    problem: '打印机缺纸',
    fix: '打开打印机盖，放入 58 毫米（或 80 毫米）热敏纸卷，纸头从出纸口拉出一点，盖好盖后再点“打印测试”。',
  },
  printer_cover_open: {
    problem: '打印机盖没有盖好',
    fix: '把打印机盖按到“咔哒”一声盖紧，再点“打印测试”。',
  },
  printer_offline: {
    problem: '打印机 {port} 没有连接',
    fix: '检查打印机电源和数据线；网络打印机请确认地址和端口（通常 9100）填写正确，并且打印机和终端在同一网络。',
  },
  scanner_keyboard_layout: {
    problem: '扫码枪处于键盘模式，且键盘国家不是美国，读出的字符不对',
    fix:
      '用扫码枪说明书里的设置条码把它切换到 “USB HID-POS” 模式（或 “USB 虚拟串口 / USB CDC”）；' +
      '若只能用键盘模式，请扫“键盘国家：美国”设置条码。设置后点“扫码测试”重试。',
  },
  scanner_no_read: {
    problem: '扫码枪没有读到测试回执上的二维码',
    fix: '把测试回执上的二维码放在扫码枪前 10 厘米左右，对准后按扳机；没有反应请检查扫码枪的 USB 线并重新插拔。',
  },
  scanner_code_mismatch: {
    problem: '扫码枪读出的内容和测试回执上的不一样',
    fix: '扫码枪可能处于键盘模式：请按说明书切换到 “USB HID-POS” 模式后重试。',
  },
  camera_no_read: {
    problem: '摄像头没有认出屏幕上的二维码',
    fix: '擦干净摄像头镜头，把测试回执或手机上的二维码放到摄像头前 20 厘米左右，保持不动几秒钟。',
  },
  camera_unavailable: {
    problem: '打不开摄像头',
    fix: '检查摄像头的 USB 线，重新插拔后重启终端；若仍打不开，请更换摄像头。',
  },
};

function fill(template: string, details: FixDetails): string {
  return template.replace(/\{(port|holder|bauds|device)\}/g, (_, key: keyof FixDetails) => details[key] ?? '未知');
}

export function isSelfTestCode(code: string): code is SelfTestCode {
  return (SELF_TEST_CODES as readonly string[]).includes(code);
}

/** The problem and fix of one code, with the failure's details filled in. */
export function fixFor(code: SelfTestCode, details: FixDetails = {}): SelfTestFix {
  const entry = FIXES[code];
  const problem = fill(entry.problem, details);
  const fix = fill(entry.fix, details);
  return { code, problem, fix, message: `${problem}。${fix}` };
}

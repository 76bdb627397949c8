import type { ErrorCode } from '../../main/contract/error-codes';
import type { TxProgressStatus } from '../../main/contract/views';

/** Every user-visible string of the villager UI. Screens never hold literal Chinese. */
export const zhCN = {
  appTitle: '村级便民服务站',
  common: {
    home: '回首页',
    back: '上一步',
    next: '下一步',
    confirm: '确认',
    skip: '跳过',
    loading: '正在加载，请稍等',
    repeatVoice: '再听一遍',
    mute: '关闭声音',
    unmute: '打开声音',
    backspace: '退格',
    clear: '清空',
    tryAgain: '再试一次',
  },
  home: {
    title: '欢迎办理',
    swipeCard: '请刷身份证',
    swipeCardHint: '把身份证放在下方读卡区',
    orScan: '请扫码',
    orScanHint: '把凭条上的二维码对准扫码口',
    progress: '查询办理进度',
    prompt: '您好，请把身份证放在读卡区，或者扫描二维码。',
  },
  services: {
    greeting: (name: string, honorific: string) => `${name}${honorific}，您好`,
    title: '请选择要办理的事项',
    prompt: (name: string) => `${name}，您好。请选择要办理的事项。`,
    empty: '暂时没有可以办理的事项，请找工作人员',
    offlineOk: '没有网络也能办',
    timeLimit: (days: number) => `${days}个工作日内办结`,
    cardWarning: '证件提示：',
  },
  form: {
    stepOf: (i: number, n: number) => `第${i}步，共${n}步`,
    fromCard: '以下信息已从身份证读取，不用填写',
    prompt: (label: string) => `请填写${label}`,
    promptSelect: (label: string) => `请选择${label}`,
    optional: '（可以不填）',
    promptCheckbox: (label: string) => `${label}，请选择是或否`,
    textHelp: '常用字不够用时，请找工作人员帮忙填写。本机暂不支持拼音输入。',
    phoneHint: '请输入11位手机号码；座机请先输区号',
    rangeHint: (min: number | undefined, max: number | undefined) =>
      min !== undefined && max !== undefined
        ? `可以填${min}到${max}`
        : min !== undefined
          ? `最少填${min}`
          : `最多填${max}`,
    yes: '是',
    no: '否',
    multiHint: '可以选多项，选好后按下一步',
    hanKeys: '汉字',
    latinKeys: '字母数字',
    dateHint: '请按 年年年年月月日日 输入8位数字',
    noFields: '这个事项不用再填写，请直接确认。',
  },
  review: {
    yes: '是',
    no: '否',
    title: '请核对您的信息',
    prompt: '请核对信息，没有问题请按确认提交。',
    change: '修改',
    submit: '确认提交',
    saving: '正在保存，请稍等…',
    empty: '（未填写）',
  },
  done: {
    title: '已保存，有网络时自动上报',
    prompt: (n: string) => `已保存。您的受理编号是 ${n}。请取走凭条。`,
    numberLabel: '受理编号',
    printed: '凭条已打印，请取走凭条',
    notPrinted: '凭条没有打印出来，请找工作人员帮忙补打。您的申请已经保存好了，不会丢失。',
    autoHome: (s: number) => `${s}秒后自动回到首页` /** Spoken on the done screen when the receipt did not print. */,
    notPrintedPrompt:
      '已保存，有网络时自动上报。凭条没有打印出来，请找工作人员帮忙补打。您的申请已经保存好了，不会丢失。',
  },
  progressEntry: {
    title: '查询办理进度',
    hint: '请输入凭条上的受理编号',
    prompt: '请输入凭条上的受理编号，然后按查询。',
    search: '查询',
  },
  progress: {
    title: '办理进度',
    prompt: (service: string, status: string) => `${service}，${status}`,
    numberLabel: '受理编号',
    platformNumberLabel: '平台编号',
    savedAtLabel: '提交时间',
    statusLabel: '当前状态',
    idLabel: '身份证号',
    noteLabel: '说明',
    /** A guessable (old-style) number typed without the applicant's card: status only. */
    detailsHidden: '这是旧式编号，只显示办理状态。请刷本人身份证后再查询，可以看到说明',
    status: {
      saved_offline: '已保存在本机，等有网络时自动上报',
      sending: '正在上报',
      accepted: '已受理',
      in_progress: '正在办理',
      needs_more: '需要补充材料，请找工作人员',
      completed: '已办结',
      refused: '不予办理，请找工作人员了解原因',
      rejected: '上报没有成功，请找工作人员处理',
    } satisfies Record<TxProgressStatus, string>,
  },
  idle: {
    question: '还在吗？',
    countdown: (s: number) => `${s}秒后将清除您的信息并回到首页`,
    keepGoing: '继续办理',
    prompt: '您还在吗？如果还要继续办理，请按继续办理。',
  },
  /** Shown on every screen of a demo terminal. */
  demoBadge: '演示',
  provisioning: {
    title: '本终端还没有设置好',
    hint: '请联系技术员',
  },
  recovering: {
    title: '系统正在恢复',
    hint: '请稍等片刻，您的申请不会丢失',
  },
  noConnection: {
    title: '没有连接到系统',
    hint: '请找工作人员重新启动本机',
  },
  scan: {
    unrecognised: '无法识别此二维码',
    enrolment: '这是设备注册码，请交给技术人员',
  },
  /** The camera scan screen reached from 请扫码 on the home screen. */
  scanScreen: {
    open: '用摄像头扫码',
    title: '用摄像头扫码',
    hint: '请把凭条上的二维码对准屏幕上方的摄像头',
    starting: '正在打开摄像头，请稍等',
    prompt: '请把凭条上的二维码对准摄像头。',
    unrecognisedVoice: '无法识别此二维码，请换一张凭条再试。',
    checking: '正在查询，请稍等',
    back: '返回',
  },
  /** One plain message per camera failure (renderer/camera/qr-camera.ts codes). */
  cameraErrors: {
    camera_denied: '摄像头没有打开的权限，请找工作人员',
    camera_missing: '没有找到摄像头，请用扫码口扫码，或找工作人员',
    camera_busy: '摄像头正被别的程序占用，请找工作人员',
    camera_failed: '摄像头打不开，请用扫码口扫码，或找工作人员',
  },
  technician: {
    pinTitle: '技术员登录',
    pinHint: '请输入技术员密码',
    pinWrong: '密码不对，请重新输入',
    unlock: '进入',
    back: '返回',
    title: '技术员维护',
    idleLeft: (s: number) => `无操作，${s}秒后退出技术员界面`,
    statusTitle: '终端状态',
    enrolled: '已注册',
    notEnrolled: '未注册',
    enrolledLabel: '注册状态',
    deviceIdLabel: '设备编号',
    platformLabel: '平台地址',
    stationLabel: '服务站名称',
    regionLabel: '区划代码',
    syncTitle: '数据上报',
    linkLabel: '网络连接',
    link: {
      up: '在线',
      down: '离线（连不上平台）',
      unknown: '还没有连接过',
      not_enrolled: '未注册，不上报',
      unauthorized: '平台拒绝了本机（设备可能已被停用）',
    },
    queueLabel: '上报队列',
    queue: (q: { pending: number; inflight: number; deferred: number; rejected: number; acked: number }) =>
      `待上报 ${q.pending}，正在上报 ${q.inflight}，稍后重试 ${q.deferred}，被退回 ${q.rejected}，已确认 ${q.acked}`,
    lastSuccessLabel: '最近成功',
    clockLabel: '本机时钟',
    clockUnmeasured: '尚未与平台对时（同步成功后显示）',
    clockOffset: (offsetMs: number) => {
      const s = Math.round(Math.abs(offsetMs) / 1000);
      const size =
        s < 60
          ? `${s} 秒`
          : s < 3600
            ? `${Math.floor(s / 60)} 分 ${s % 60} 秒`
            : `${Math.floor(s / 3600)} 小时 ${Math.floor((s % 3600) / 60)} 分`;
      return s === 0 ? '与平台一致' : `比平台${offsetMs > 0 ? '慢' : '快'} ${size}`;
    },
    clockWarning: '本机时钟偏差超过 5 分钟：请在系统设置里校正时间（凭条已按平台时间打印）',
    lastErrorLabel: '最近错误',
    never: '无',
    syncNow: '立即同步',
    syncing: '正在同步…',
    syncResult: (acked: number, rejected: number) => `同步完成：确认 ${acked} 条，退回 ${rejected} 条`,
    devicesTitle: '设备状态',
    deviceNames: { idcard: '身份证读卡器', printer: '凭条打印机', scanner: '扫码器' },
    deviceState: { disconnected: '未连接', ready: '正常', busy: '工作中', fault: '故障' },
    rejectedTitle: '被平台退回的申请',
    rejectedNone: '没有被退回的申请',
    rejectedRow: (n: string, reason: string) => `${n}：${reason}`,
    unknownNumber: '（无编号）',
    unknownReason: '（平台没有给出原因）',
    enrolTitle: '注册到平台',
    enrolHint: '扫描注册二维码（扫码口或摄像头）会自动填好下面各项，请核对后按注册',
    fields: {
      platform: '平台地址',
      code: '注册码',
      regionCode: '区划代码（12位）',
      stationName: '服务站名称',
      platformKeySha256: '平台公钥指纹（来自注册码，可空）',
    },
    problems: {
      platform: '平台地址要以 http:// 或 https:// 开头',
      code: '注册码为4到128个字母、数字或符号',
      regionCode: '区划代码是12位数字',
      stationName: '请填写服务站名称（最多64个字）',
      platformKeySha256: '平台公钥指纹应为64位十六进制数字；请重新扫描注册二维码，或清空此项',
    },
    edit: '修改',
    done: '完成',
    enrol: '注册',
    enrolling: '正在注册…',
    enrolled_ok: (id: string) => `注册成功，设备编号 ${id}`,
    filledFromScan: '已从注册码填好，请核对后按注册',
    notEnrolmentCode: '这不是注册码',
    cameraOpen: '用摄像头扫注册码',
    cameraClose: '关闭摄像头',
    cameraHint: '请把注册二维码对准摄像头',
    lower: '小写',
    upper: '大写',
  },
  demo: {
    open: '演示',
    close: '收起',
    cards: '放卡：',
    removeCard: '拿走卡',
    scanReceipt: '扫凭条码',
    lastReceipt: '看凭条',
    noReceipt: '还没有打印过凭条',
    receiptTitle: '最近一张凭条',
    receiptImage: '凭条图片',
  },
  /** Plain Chinese for every error code the KioskApi can return. */
  errors: {
    bad_request: '操作没有成功，请回首页再试一次',
    unauthorized: '本机没有权限，请找工作人员',
    not_found: '没有找到，请核对后再试',
    receipt_typo: '受理编号有一位输错了，请对照凭条再输一遍',
    receipt_malformed: '这不是凭条上的受理编号，请对照凭条再输一遍',
    too_many_lookups: '查询次数太多了，请过十分钟再试，或者请工作人员帮忙',
    card_required: '请先刷本人身份证，再补打这张凭条',
    no_session: '请先刷身份证',
    service_unavailable: '系统正在恢复，请稍等片刻',
    validation_failed: '有信息需要修改，请按提示改正',
    card_lacks_field: '您的证件上缺少这项业务需要的信息，不能在自助机上办理。请找工作人员帮您办理',
    storage_failed: '保存没有成功，请找工作人员',
    disk_full: '本机存储空间满了，这次没有保存。请找工作人员清理空间后再点保存，以前办的业务不受影响',
    device_unavailable: '设备暂时不能用，请找工作人员',
    paper_out: '凭条纸用完了，请找工作人员',
    cover_open: '打印机盖子没有关好，请找工作人员',
    printer_offline: '打印机没有连接，请找工作人员',
    printer_error: '打印机出了问题，请找工作人员',
    printer_timeout: '打印机没有响应，请找工作人员',
    printer_disconnected: '打印机断开了，请找工作人员',
    not_demo: '只有演示模式才能这样操作',
    demo_platform_refused: '演示终端不能注册到正式平台，请先关闭演示模式',
    not_provisioned: '本终端还没有设置好，请联系技术员',
    tech_pin_not_set: '本终端还没有设置技术员密码，请按运维手册用 tech-pin 设置',
    locked: '输错次数太多，已暂时锁定，请过一会儿再试',
    enrolment_failed: '设备注册没有成功，请找技术人员',
    sync_failed: '上报没有成功，有网络时会自动再试',
    keystore_plaintext:
      '本机没有系统钥匙串，个人资料无法安全加密，终端暂停使用。请技术人员安装并解锁钥匙串（如 gnome-keyring）后重启',
    data_folder_insecure: '终端的数据文件夹权限不对，为保护个人资料，终端暂停使用。请技术人员查看日志并修正后重启',
    internal: '系统出了问题，请找工作人员',
  } satisfies Record<ErrorCode, string>,
  /** Common characters for free-text fields (addresses, relations, reasons); no pinyin IME. */
  textKeyboard: [
    '一二三四五六七八九十零',
    '村组号队社区镇乡县街路巷',
    '东南西北上下中前后新大小',
    '父母子女夫妻儿孙兄弟姐妹',
    '病残困难孤老弱种养殖打工',
  ],
  /** Letters and digits for numbers such as contract numbers (upper case, as the platform wants). */
  latinKeyboard: ['1234567890', 'ABCDEFGHIJKLM', 'NOPQRSTUVWXYZ'],
  /** Technician entry of platform addresses and enrolment codes: both cases and URL characters. */
  urlKeyboard: {
    lower: ['1234567890', 'abcdefghijklm', 'nopqrstuvwxyz', ':/.-_'],
    upper: ['1234567890', 'ABCDEFGHIJKLM', 'NOPQRSTUVWXYZ', ':/.-_'],
  },
  a11y: {
    illustrationCard: '身份证读卡示意图',
    illustrationScan: '扫码示意图',
  },
  /** The 大字/高对比 switch in the top bar (docs/ui.md, accessibility). */
  display: {
    largeContrast: '大字/高对比',
  },
} as const;

export type Catalogue = typeof zhCN;

/** 2026年11月22日 03:05 in the terminal's local time (ICU data is not relied on). */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Chinese for an API error: the code decides; unknown codes fall back to the host's message. */
/** Codes whose host message names specifics (which card field is missing) the generic text cannot. */
const hostWorded: ReadonlySet<string> = new Set<ErrorCode>(['card_lacks_field']);

export function errorText(error: { code: string; message?: string }): string {
  if (hostWorded.has(error.code) && error.message) return error.message;
  const known = (zhCN.errors as Record<string, string>)[error.code];
  return known ?? error.message ?? zhCN.errors.internal;
}

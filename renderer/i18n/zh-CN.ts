import type { ErrorCode } from '../../main/contract/error-codes';
import type { TxProgressStatus } from '../../main/contract/views';
import type { FieldProblem } from '../logic/field-check';

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
      min !== undefined && max !== undefined ? `可以填${min}到${max}` : min !== undefined ? `最少填${min}` : `最多填${max}`,
    yes: '是',
    no: '否',
    multiHint: '可以选多项，选好后按下一步',
    hanKeys: '汉字',
    latinKeys: '字母数字',
    dateHint: '请按 年年年年月月日日 输入8位数字',
    noFields: '这个事项不用再填写，请直接确认。',
  },
  fieldProblem: {
    required: '这一项必须填写',
    phone: '请填写11位手机号码，或带区号的座机号码',
    consent: '需要选“是”才能办理',
    range: '这个数字超出了可以填写的范围',
    id_number: '身份证号码不正确，请核对',
    date: '日期不对，请按 年年年年月月日日 输入',
    number: '请只输入数字',
    too_long: '内容太长了，请删掉一些',
    option: '请从按钮中选择一项',
  } satisfies Record<FieldProblem, string>,
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
    autoHome: (s: number) => `${s}秒后自动回到首页`,
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
  recovering: {
    title: '系统正在恢复',
    hint: '请稍等片刻，您的申请不会丢失',
  },
  noConnection: {
    title: '没有连接到系统',
    hint: '请找工作人员重新启动本机',
  },
  scan: {
    unrecognised: '这个二维码不能识别，请换一个再试',
    enrolment: '这是设备注册码，请交给技术人员',
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
    no_session: '请先刷身份证',
    service_unavailable: '系统正在恢复，请稍等片刻',
    validation_failed: '有信息需要修改，请按提示改正',
    storage_failed: '保存没有成功，请找工作人员',
    device_unavailable: '设备暂时不能用，请找工作人员',
    paper_out: '凭条纸用完了，请找工作人员',
    cover_open: '打印机盖子没有关好，请找工作人员',
    printer_offline: '打印机没有连接，请找工作人员',
    printer_error: '打印机出了问题，请找工作人员',
    printer_timeout: '打印机没有响应，请找工作人员',
    printer_disconnected: '打印机断开了，请找工作人员',
    not_demo: '只有演示模式才能这样操作',
    locked: '输错次数太多，已暂时锁定，请过一会儿再试',
    enrolment_failed: '设备注册没有成功，请找技术人员',
    sync_failed: '上报没有成功，有网络时会自动再试',
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
  a11y: {
    illustrationCard: '身份证读卡示意图',
    illustrationScan: '扫码示意图',
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
export function errorText(error: { code: string; message?: string }): string {
  const known = (zhCN.errors as Record<string, string>)[error.code];
  return known ?? error.message ?? zhCN.errors.internal;
}

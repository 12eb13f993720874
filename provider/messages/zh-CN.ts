/** 简体中文. Commands, property names and identifiers stay as the user types them. */
import type { ErrorContext, MessageTable, RefusalTexts } from "./table";
import { zhValidation } from "./validation/zh-CN";

const registration = (c: ErrorContext) =>
    c.registrationName
        ? `注册“${c.registrationName}”（订阅 ${c.registrationSubscriptionId ?? "?"}，资源组 ${c.resourceGroup ?? "?"}）`
        : "该注册";
const subscription = (c: ErrorContext) => (c.customerSubscriptionId ? `客户订阅 ${c.customerSubscriptionId}` : "该客户订阅");

const CJK_AT_START = /^[\u4e00-\u9fff]/;
const CJK_AT_END = /[\u4e00-\u9fff]$/;
const LATIN_AT_START = /^[A-Za-z0-9]/;
const LATIN_AT_END = /[A-Za-z0-9]$/;

/**
 * Chinese text puts a space between a Han character and a Latin word or number. An inserted value may or may
 * not end in an id ("客户订阅 <GUID>" or "该客户订阅"), so the space is decided where the value lands.
 */
function zh(literals: TemplateStringsArray, ...values: string[]): string {
    let text = literals[0];
    values.forEach((value, i) => {
        const next = literals[i + 1];
        const before = CJK_AT_END.test(text) && LATIN_AT_START.test(value) ? " " : "";
        const after = LATIN_AT_END.test(value) && CJK_AT_START.test(next) ? " " : "";
        text += before + value + after + next;
    });
    return text;
}

const OPT_IN = "如确需如此，请在此映射上设置 allowTenantReassignment: true。";
const nothingWritten = (atCreate: boolean) => (atCreate ? "未写入任何内容。" : "");

const refusals: RefusalTexts = {
    TenantAlreadyMapped: (f) =>
        zh`租户${f.tenantId}已在注册“${f.registrationName}”上映射到客户订阅${f.mappedSubscriptions}，且此资源不管理该映射。` +
        zh`每个注册上一个租户只能映射到一个订阅，因此应用会覆盖该映射，并将该租户的用量计费到${f.customerSubscriptionId}。` +
        `${OPT_IN}否则请更正 tenantId 或 customerSubscriptionId。`,
    SubscriptionAlreadyMapped: (f) =>
        zh`客户订阅${f.customerSubscriptionId}已在注册“${f.registrationName}”上映射到租户${f.mappedTenant}，该映射不属于此资源。` +
        zh`应用会将其改为指向租户${f.tenantId}。` +
        `${OPT_IN}否则请更正 tenantId。${nothingWritten(f.atCreate)}`,
    TenantMappedTwiceInProgram: (f) =>
        (f.inSet ? "此集合中的另一个条目" : "此程序中的另一个 CustomerSubscriptionMapping ") +
        zh`已在注册“${f.registrationName}”上将租户${f.tenantId}映射到客户订阅` +
        zh`${f.rivalSubscription}。每个注册上一个租户只能映射到一个订阅：第二次 PUT 会悄无声息地替换第一次。请只保留其中一个。`,
    MappingAlreadyExists: (f) =>
        zh`客户订阅${f.customerSubscriptionId}已在注册“${f.registrationName}”上映射到租户${f.tenantId}，该映射是在此堆栈之外` +
        "创建的或由另一个堆栈管理，而接管功能已关闭（" +
        (f.offForThisMapping
            ? "此映射设置了 adoptExisting: false"
            : "提供程序设置 azurestack-tenant-mappings:adoptExisting / AZURESTACK_MAPPINGS_ADOPT_EXISTING 为 false") +
        "）。如需在此管理它，请在此映射上设置 adoptExisting: true（并将其从其他堆栈中移除）；否则请删除此声明。如果此堆栈自己的 " +
        "`pulumi up` 在写入后被中断，请设置 AZURESTACK_MAPPINGS_ADOPT_EXISTING=true 运行一次 `pulumi up`。",
    MappingSpelledOtherwise: (f) =>
        zh`租户${f.tenantId}已在注册“${f.registrationName}”上映射到客户订阅${f.listedAs}，其大小写与声明的${f.declared}不同。` +
        `ID 区分大小写，因此这不是同一个映射，不会被接管。如需接管，请声明 customerSubscriptionId: ${f.listedAs}。` +
        nothingWritten(f.atCreate),
    RegistrationDeclaredTwice: (f) =>
        zh`注册“${f.registrationName}”由 CustomerSubscriptionMappingSet“${f.set}”管理，它会报告该注册上所有未由它声明的映射` +
        "（设置 undeclared: remove 时会删除它们）；" +
        (f.otherIsSet ? zh`另一个 CustomerSubscriptionMappingSet“${f.other}”` : zh`CustomerSubscriptionMapping“${f.other}”`) +
        "也在该注册上声明了映射" +
        (f.customerSubscriptionId ? zh`（两者都声明了客户订阅${f.customerSubscriptionId}）` : "") +
        "。请只在一处声明一个注册的映射：将它们移入该集合，或删除该集合并保留单独的映射。未向 Azure 发送任何请求。",
    TooManyDeletions: (f) =>
        (f.whole ? "删除此集合将删除" : "此次更新将删除") +
        zh`注册“${f.registrationName}”的${String(f.count)}个映射（${f.subscriptions}），超过了 maxDeletions（${String(f.maxDeletions)}）` +
        zh`允许的数量。删除映射后，该租户的用量将计费到注册自身的订阅。如确属有意，请将集合的 maxDeletions 提高到至少${String(f.count)}` +
        (f.whole ? "，并在删除前运行 `pulumi up`" : "") +
        "；未删除任何内容。",
    UndeclaredMappings: (f) =>
        zh`注册“${f.registrationName}”上有${String(f.count)}个映射未由此集合声明（undeclared: fail）：` +
        `\n${f.mappings}\n` +
        "如需在此管理，请将它们加入集合的 mappings（`pulumi up` 会在不写入 Azure 的情况下接管它们）；或在 Azure 中删除它们；" +
        "或选择 undeclared: warn 或 ignore。",
    SetEntriesFailed: (f) =>
        zh`注册“${f.registrationName}”的${String(f.total)}个映射中有${String(f.failed)}个失败；其余已应用，状态中准确记录了已应用的内容。` +
        `请修复下列各项原因后再次运行 \`pulumi up\`：它只会重试缺少的部分。\n${f.entries}`,
    InvalidArmResponse: (f) =>
        zh`${f.registrationId}的第${String(f.position)}个映射的${f.what}不是 GUID（${f.shown}）；该注册的任何内容都不会被使用。` +
        "请将此情况报告给 Azure Stack Hub 操作员。",
    InvalidStoredState: (f) =>
        zh`${f.resource} ${f.operation} 被拒绝：堆栈状态中${f.id}的记录不是有效的映射，因此未向 Azure 发送任何请求。` +
        `${f.failures} 状态在 Pulumi 之外被修改过：请从备份恢复（\`pulumi stack export\` / \`import\`），或使用 ` +
        "`pulumi state delete <urn>` 将该资源从状态中移除，然后重新声明该映射。",
    InvalidRegistrationSelector: (f) => `listCustomerSubscriptionMappings：${f.failures}`,
};

export const zhCN: MessageTable = {
    locale: "zh-CN",
    notices: {
        setWillAdopt: (f) =>
            zh`${f.registrationName}：有${String(f.count)}个映射已与此集合的声明完全一致；` +
            `\`pulumi up\` 会在不写入 Azure 的情况下接管它们。（${f.id}）`,
        setAdopted: (f) => zh`${f.registrationName}：已接管${String(f.count)}个已存在于 Azure 中的映射，未写入任何内容。（${f.id}）`,
        undeclared: (f) =>
            zh`${f.registrationName}：Azure 中有${String(f.count)}个映射未由此集合声明（手动创建，或由另一个堆栈创建）：` +
            `\n${f.mappings}\n` +
            "如需在此管理，请将这些条目加入集合的 mappings（根堆栈：`azs-mappings export --stack-config Pulumi.<stack>.yaml`）：" +
            `随后 \`pulumi up\` 会在不写入 Azure 的情况下接管它们。如不想再看到此警告，请设置 undeclared: "ignore"。（${f.id}）`,
        willRemove: (f) =>
            zh`${f.registrationName}：\`pulumi up\` 将删除${String(f.count)}个未由此集合声明的映射（undeclared: remove）：` +
            `\n${f.mappings}\n（${f.id}）`,
        willAdopt: (f) =>
            zh`${f.registrationName}：客户订阅 ${f.customerSubscriptionId} 已映射到租户 ${f.tenantId}；` +
            `\`pulumi up\` 会将其纳入此堆栈，不向 Azure 写入任何内容。(${f.id})`,
        adopted: (f) =>
            zh`${f.registrationName}：已纳入客户订阅 ${f.customerSubscriptionId}（租户 ${f.tenantId}），它已存在于 Azure 中，` +
            `未写入任何内容。(${f.id})`,
    },
    validation: zhValidation,
    fixLabel: "解决办法：",
    azureSaidLabel: "Azure 返回：",
    afterAttempts: (n) => `共尝试 ${n} 次`,
    refusals,
    registrationErrors: {
        RegistrationNotFound: {
            summary: (c) => zh`Azure 中不存在${registration(c)}。`,
            remediation: () =>
                "请检查 registrationSubscriptionId、resourceGroup 和 registrationName（或 registrationId）：它们必须指向注册 " +
                "Azure Stack Hub 时创建的注册资源，通常位于资源组“azurestack”，名称为“azurestack-<CloudID>”。可以用 " +
                "`az resource list --resource-type Microsoft.AzureStack/registrations` 列出所有注册；如果有多个，请选择 " +
                "CloudDeploymentID 与在 Azure Stack Hub 上运行 Get-AzureStackStampInformation 所得结果一致的那个。",
        },
        BadCustomerSubscriptionId: {
            summary: (c) => zh`${subscription(c)}与${registration(c)}所属的订阅不属于同一个 CSP 合作伙伴。`,
            remediation: () =>
                "请检查 customerSubscriptionId：它必须是由注册所用订阅的同一合作伙伴（直接 CSP 合作伙伴或间接提供商）销售的 " +
                "CSP 订阅，否则用量会计费给不负责此 Azure Stack Hub 的合作伙伴。如果 ID 无误但错误仍然出现，请提交支持请求，" +
                "并附上下面的请求 ID。",
        },
        InvalidCustomerSubscriptionId: {
            summary: (c) => zh`Azure 不接受${subscription(c)}作为有效的订阅 ID。`,
            remediation: () =>
                "请检查 customerSubscriptionId：应填写客户的 Azure 订阅 ID（形如 01234567-89ab-cdef-0123-456789abcdef 的 " +
                "GUID，而不是 Azure Stack Hub 用户订阅），并与合作伙伴中心（Partner Center）中显示的完全一致。",
        },
        CustomerSubscriptionNotFound: {
            summary: (c) => zh`${subscription(c)}未映射到${registration(c)}。`,
            remediation: () =>
                "该映射不存在：可能从未添加、已在 Pulumi 之外被删除，或者 ID 的大小写与实际不同（ID 区分大小写）。运行 " +
                "`pulumi refresh` 会将其从状态中移除，之后运行 `pulumi up` 会重新添加。",
        },
        UnauthorizedCspRegistration: {
            summary: (c) => zh`${registration(c)}尚未获得 Microsoft 的多租户使用批准。`,
            remediation: () =>
                "请联系 Microsoft 批准该注册使用多租户：发送电子邮件至 azstCSP@microsoft.com，写明注册名称、所在资源组以及" +
                "注册时使用的订阅 ID。获得批准后即可添加租户。",
        },
        CustomerSubscriptionsNotAllowed: {
            summary: (c) => zh`${registration(c)}使用的是 Capacity（容量）计费模式，无法添加租户映射。`,
            remediation: () =>
                "只有按使用量计费（PayAsYouUse）的注册才能添加租户。请使用 `-BillingModel PayAsYouUse`（Set-AzsRegistration）" +
                "重新注册 Azure Stack Hub，然后再次部署。",
        },
        InvalidCSPSubscription: {
            summary: (c) => zh`${subscription(c)}不是云解决方案提供商（CSP）订阅。`,
            remediation: () =>
                "请检查 customerSubscriptionId 是否有输入错误：它必须是通过合作伙伴中心在 CSP 产品/服务中为该客户创建的订阅，" +
                "而不是即用即付（pay-as-you-go）、EA 或 Azure Stack Hub 订阅。",
        },
        MetadataResolverBadGatewayError: {
            summary: () => "注册 API 所依赖的某个 Azure 后端服务返回了错误。",
            remediation: () =>
                "这是暂时性故障，请求已按递增的间隔自动重试。请稍后再次运行该命令；如果仍然失败，请提交支持请求，并附上下面的请求 ID。",
        },
    },
};

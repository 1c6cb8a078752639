// How an app uses the React and Vue components, checked by tsc against their declarations: the
// lines marked @ts-expect-error must stay errors (a wrong prop or a wrong detail field), so
// declarations that decayed to `any` fail the check too.
import { useRef } from 'react';
import { TouchpointSurvey } from '@touchpoint/react';
import { TouchpointSurvey as VueSurvey } from '@touchpoint/vue';
import type { TouchpointSurveyElement } from '@touchpoint/widget';

export function ReactUsage() {
    const ref = useRef<TouchpointSurveyElement>(null);
    return (
        <div>
            <TouchpointSurvey
                ref={ref}
                survey="nps-support"
                endpoint="/collect"
                locale="zh-CN"
                mode="popover"
                className="survey"
                attributes={{ plan: 'pro', seats: 12, trial: false, signup: '2026-03-01', legacy: null }}
                onShown={(detail) => detail.mode.toUpperCase()}
                onAnswered={(detail) => detail.question.length}
                onCompleted={(detail) => detail.payload.answers}
                onDismissed={(detail) => detail.reason === 'removed'}
                onError={(detail) => detail.reason}
            />
            {/* @ts-expect-error survey is required */}
            <TouchpointSurvey endpoint="/collect" />
            {/* @ts-expect-error not a display mode */}
            <TouchpointSurvey survey="nps" mode="banner" />
            {/* @ts-expect-error attributes are flat values, not objects */}
            <TouchpointSurvey survey="nps" attributes={{ plan: { name: 'pro' } }} />
            {/* @ts-expect-error the detail of completed has no score field */}
            <TouchpointSurvey survey="nps" onCompleted={(detail) => detail.score} />
        </div>
    );
}

type VueProps = InstanceType<typeof VueSurvey>['$props'];
export const vueUsage: VueProps = {
    survey: 'nps-support',
    locale: 'zh-CN',
    mode: 'inline',
    attributes: { plan: 'pro' },
    onCompleted: (detail) => detail.payload.id,
    onDismissed: (detail) => detail.reason,
};
// @ts-expect-error survey is required
export const vueMissing: VueProps = { locale: 'en' };
// @ts-expect-error not a display mode
export const vueBadMode: VueProps = { survey: 'nps', mode: 'banner' };
// @ts-expect-error the detail of answered has no payload
export const vueBadDetail: VueProps = { survey: 'nps', onAnswered: (detail) => detail.payload };
